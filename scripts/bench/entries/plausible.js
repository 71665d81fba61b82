// Plausible's npm tracker. The bench page is served from 127.0.0.1, which it ignores unless told otherwise.
import { init, track } from '@plausible-analytics/tracker'

const { origin } = window.BENCH
init({ domain: 'bench.example', endpoint: origin + '/api/event', captureOnLocalhost: true, logging: false })
window.benchTrack = (name, props) => track(name, { props })

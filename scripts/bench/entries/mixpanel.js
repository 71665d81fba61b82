// Mixpanel JS, the core entry its README documents for sites without session replay.
import mixpanel from 'mixpanel-browser/src/loaders/loader-module-core'

const { origin } = window.BENCH
mixpanel.init('bench', { api_host: origin })
mixpanel.track_pageview()
window.benchTrack = (name, props) => mixpanel.track(name, props)

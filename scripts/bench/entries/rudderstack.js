// RudderStack JS SDK v3, `/bundled` (the default entry downloads its plugins from a CDN at run time);
// the source config is given locally instead of fetched from RudderStack's control plane.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled'

const { origin } = window.BENCH
const rudder = new RudderAnalytics()
rudder.load('bench', origin, {
  polyfillIfRequired: false,
  getSourceConfig: () => ({
    source: { id: 'bench', name: 'bench', workspaceId: 'bench', enabled: true, config: {}, destinations: [] },
  }),
})
rudder.page()
window.benchTrack = (name, props) => rudder.track(name, props)

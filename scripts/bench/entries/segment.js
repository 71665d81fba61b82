// Segment Analytics.js 2.0 from npm. `cdnSettings` stands in for the settings it would fetch from Segment's CDN.
import { AnalyticsBrowser } from '@segment/analytics-next'

const { host } = window.BENCH
const analytics = AnalyticsBrowser.load({
  writeKey: 'bench',
  cdnSettings: { integrations: { 'Segment.io': { apiKey: 'bench', apiHost: host + '/v1', protocol: 'http' } } },
})
analytics.page()
window.benchTrack = (name, props) => analytics.track(name, props)

// Amplitude Browser SDK 2: page views are its autocapture plugin; every other autocapture, remote config and diagnostics off.
import * as amplitude from '@amplitude/analytics-browser'

const { origin } = window.BENCH
amplitude.init('bench', {
  serverUrl: origin + '/2/httpapi',
  fetchRemoteConfig: false,
  enableDiagnostics: false,
  autocapture: {
    pageViews: true,
    attribution: false,
    sessions: false,
    formInteractions: false,
    fileDownloads: false,
    elementInteractions: false,
    frustrationInteractions: false,
    pageUrlEnrichment: false,
    networkTracking: false,
    webVitals: false,
  },
})
window.benchTrack = (name, props) => amplitude.track(name, props)

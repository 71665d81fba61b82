// Snowplow browser tracker 4: a custom event with properties is a self-describing event.
import { newTracker, trackPageView, trackSelfDescribingEvent } from '@snowplow/browser-tracker'

const { origin } = window.BENCH
newTracker('sp', origin, { appId: 'bench' })
trackPageView()
window.benchTrack = (name, props) =>
  trackSelfDescribingEvent({ event: { schema: `iglu:dev.touchtrail.bench/${name}/jsonschema/1-0-0`, data: props } })

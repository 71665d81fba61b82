// The part to copy: one tracker, the core plus only the plugins this shop uses. Each import is paid
// for in bytes (see the README); vitals, QR landings and the consent-manager bridges are left out,
// and the bundle holds none of their code.
import { createTrackerWith, pageViews, type ConsentState, type Tracker } from '@touchtrail/core'
import { queue } from '@touchtrail/queue'
import { attribution } from '@touchtrail/attribution'
import { cart } from '@touchtrail/cart'

/** The collector: `VITE_TOUCHTRAIL_ENDPOINT` at build time, else the one `pnpm demo` starts. */
export const ENDPOINT = import.meta.env.VITE_TOUCHTRAIL_ENDPOINT || 'http://127.0.0.1:8787/collect'

/**
 * Start tracking. With `consent: 'pending'` the tracker holds every call in memory, stores and
 * sends nothing, until the banner calls `tracker.consent('granted')` (or drops them on `'denied'`).
 */
export function startTracking(consent: ConsentState): Tracker {
  // createTrackerWith, not createTracker: the queue is the transport and the fallback both (it falls
  // back to memory itself when IndexedDB is missing), so core's default transport stays out of the
  // bundle. Durable delivery: events wait in IndexedDB until the collector has them.
  return createTrackerWith(
    {
      endpoint: ENDPOINT,
      site: 'hinterland-vite',
      consent,
      debug: import.meta.env.DEV,
      // pageViews first: the landing's page view is the one attribution reads the campaign from;
      // cart after attribution, so a recovered cart carries the touch that brought the visitor back.
      plugins: [pageViews(), attribution(), cart()],
    },
    queue(),
  )
}

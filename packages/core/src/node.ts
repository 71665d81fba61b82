// What `@touchtrail/core` is where the `node` export condition applies: Node itself, and the server
// half of a bundle built for server-side rendering (Next.js, Nuxt, SvelteKit, Vite SSR). A module that
// creates its tracker when it loads runs there too; with no page to record, the browser's tracker
// would throw on the first `document`. Here it is inert instead: the same API, recording nothing.
// Where a DOM is present (a test runner with happy-dom or jsdom) it is the browser's tracker. The
// browser's bundles never see this file, so it costs them nothing.
import { createTracker as browserTracker, createTrackerWith as browserTrackerWith } from './index.js'
import type { Tracker, TrackerOptions, TransportFactory } from './types.js'

export * from './index.js'

const noop = () => {}

/**
 * A tracker for a place without a page: every method does nothing and nothing throws; `consent()`
 * answers `denied` (nothing is recorded or stored), `flush()` resolves. In debug mode it says so once.
 */
function inert(options: TrackerOptions): Tracker {
  const log = { warn: noop, error: noop }
  if (options.debug) console.warn('touchtrail: no document here (server-side rendering?): this tracker records nothing')
  return {
    page: noop,
    track: noop,
    identify: noop,
    consent: () => 'denied',
    flush: async () => {},
    reset: noop,
    use: noop,
    destroy: noop,
    on: () => noop,
    startSession: noop,
    session: noop as () => undefined,
    user: () => ({ anonymousId: '' }),
    now: Date.now,
    store: { get: noop as () => undefined, set: noop, remove: noop },
    // What was given, unresolved: nothing here reads it.
    options: { ...options, consent: 'denied' } as unknown as Tracker['options'],
    log,
  }
}

const hasDocument = () => typeof document == 'object' && !!document

/** {@link browserTracker | createTracker}, or an inert tracker where there is no document. */
export const createTracker = (options: TrackerOptions): Tracker => (hasDocument() ? browserTracker(options) : inert(options))

/** {@link browserTrackerWith | createTrackerWith}, or an inert tracker where there is no document. */
export const createTrackerWith = (options: TrackerOptions, fallback: TransportFactory): Tracker =>
  hasDocument() ? browserTrackerWith(options, fallback) : inert(options)

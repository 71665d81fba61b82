// Test helper (not built, not exported): page loads of a shop in happy-dom, each with a real tracker
// and the attribution plugin, sharing the device's localStorage and one movable clock.
import { createTracker, type Plugin, type Tracker, type TrackerEvent, type TrackerOptions } from '@touchtrail/core'
import { attribution, type AttributionOptions } from './attribution.js'

export interface TestShop {
  /** Every event sent, in order. */
  events: TrackerEvent[]
  /** The tracker of the page loaded last. */
  tracker: Tracker
  /** The clock every tracker reads, in epoch ms; move it with `advance`. */
  now: number
  advance(ms: number): void
  /**
   * Load `url` as a new page whose `document.referrer` is `referrer` ('' when typed or bookmarked),
   * with a fresh tracker, and send its page view; resolves with that page view.
   */
  visit(url: string, referrer?: string, more?: Partial<TrackerOptions>): Promise<TrackerEvent>
  /** `tracker.track(name)` on the current page; resolves with the event. */
  track(name: string): Promise<TrackerEvent>
  /** Destroy the current page's tracker. */
  close(): void
}

/** A shop whose pages run `attribution(options)` (plus `plugins`, after it). Clears the device first. */
export function testShop(options: AttributionOptions = {}, plugins: () => Plugin[] = () => []): TestShop {
  localStorage.clear()
  const shop: TestShop = {
    events: [],
    tracker: undefined as unknown as Tracker,
    now: Date.parse('2026-11-23T09:00:00.000Z'),
    advance(ms) {
      shop.now += ms
    },
    async visit(url, referrer = '', more = {}) {
      shop.close()
      ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url)
      Object.defineProperty(document, 'referrer', { value: referrer, configurable: true })
      shop.tracker = createTracker({
        endpoint: 'https://collect.example/collect',
        now: () => shop.now,
        transport: () => ({ send: (events) => void shop.events.push(...events), flush: async () => {} }),
        plugins: [attribution(options), ...plugins()],
        ...more,
      })
      shop.tracker.page()
      await shop.tracker.flush()
      return shop.events[shop.events.length - 1]
    },
    async track(name) {
      shop.tracker.track(name)
      await shop.tracker.flush()
      return shop.events[shop.events.length - 1]
    },
    close() {
      shop.tracker?.destroy()
    },
  }
  return shop
}

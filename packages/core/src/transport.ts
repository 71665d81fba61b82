import { beacon, bodies, onHide, post, retryDelay } from './send.js'
import type { TrackerEvent, TransportFactory } from './types.js'

/** Options of {@link memoryTransport}. */
export interface MemoryTransportOptions {
  /** Send as soon as this many events wait. @default 20 */
  maxBatchSize?: number
  /** Send what waits after this long. @default 1000 */
  flushIntervalMs?: number
  /** Retries of a body that met a network error, 429 or 5xx, before it is given up. @default 5 */
  maxRetries?: number
}

// Size hack: bodies end in `"sentAt":"<24-character ISO date>"}`; a retry restamps that in place
// rather than serialising the events again, so the collector's clock-skew correction stays right.
const restamp = (body: string, now: number) => body.slice(0, -26) + new Date(now).toISOString() + '"}'

/**
 * The default transport: batches in memory and sends one body at a time with
 * `fetch(…, { keepalive })` (Chromium allows only 64 KiB of keepalive bodies in flight), retries a
 * failed body by {@link retryDelay} (`Retry-After`, else backoff with full jitter) while the page lives, and beacons
 * what is left when the page is hidden. Not durable across reloads: `@touchtrail/queue` is.
 *
 * @example
 * createTracker({ endpoint, transport: memoryTransport({ maxBatchSize: 10 }) })
 */
export function memoryTransport({ maxBatchSize = 20, flushIntervalMs = 1000, maxRetries = 5 }: MemoryTransportOptions = {}): TransportFactory {
  return (tracker) => {
    const url = tracker.options.endpoint
    let waiting: TrackerEvent[] = []
    // Bodies not yet confirmed, in order; the first may be in flight.
    let queue: string[] = []
    let pumping: Promise<void> | undefined
    // The body whose keepalive fetch is under way: it outlives the page, so it is not beaconed too.
    let inflight: string | undefined
    let timer: ReturnType<typeof setTimeout> | undefined

    const pump = async () => {
      for (let attempt = 0; queue.length; ) {
        const body = queue[0]
        inflight = body
        const res = await post(url, restamp(body, tracker.now()))
        inflight = undefined
        const status = res ? res.status : 599
        const retry = status == 429 || status >= 500
        if (status >= 300 && (!retry || attempt == maxRetries)) tracker.log.error(`collector answered ${status}; a batch was given up`)
        if (status < 300 || !retry || attempt++ == maxRetries) {
          // Compare, not shift blindly: a hide may have beaconed and emptied the queue meanwhile.
          if (queue[0] == body) queue.shift()
          attempt = 0
        } else {
          await new Promise((r) => setTimeout(r, retryDelay(res, attempt)))
        }
      }
      pumping = undefined
    }

    const send = () => {
      clearTimeout(timer)
      timer = undefined
      queue.push(...bodies(waiting, 0))
      waiting = []
      if (queue.length) pumping ||= pump()
    }

    // The page may never come back: hand everything to the browser. What is handed over leaves the
    // queue, so `pagehide` after `visibilitychange` does not beacon it twice; the body in flight
    // stays (its keepalive fetch goes on, and is retried if the page lives and it failed).
    const offHide = onHide(() => {
      send()
      const leaving = queue.filter((b) => b != inflight)
      queue = queue.filter((b) => b == inflight)
      leaving.forEach((b) => beacon(url, restamp(b, tracker.now())))
    })

    return {
      send(events) {
        waiting.push(...events)
        // A hidden page may be frozen or discarded before a timer runs: what arrives while it is
        // hidden (a plugin tracking in its own hide listener, after ours beaconed) goes out now.
        if (waiting.length >= maxBatchSize || document.visibilityState == 'hidden') send()
        else timer ??= setTimeout(send, flushIntervalMs)
      },
      flush() {
        send()
        return pumping || Promise.resolve()
      },
      clear() {
        waiting = []
        queue = []
      },
      destroy() {
        clearTimeout(timer)
        offHide()
      },
    }
  }
}

import type { TrackerEvent } from './types.js'

/**
 * Largest body in UTF-8 bytes. Chromium allows 64 KiB in flight for beacons and keepalive fetches,
 * together.
 */
export const MAX_BATCH_BYTES = 48_000

/**
 * The UTF-8 size of a string, what it takes on the wire: beyond ASCII a character takes two to four
 * bytes. (TextEncoder, not Blob: each Blob is registered with the browser process, a hundred times slower.)
 */
export const utf8 = (s: string) => new TextEncoder().encode(s).length

/**
 * The bodies DESIGN.md specifies, `{ batch, sentAt }`, each at most `maxBytes` of UTF-8, serialising
 * each event once. An event over the limit travels alone (core trims or drops properties over `maxEventBytes`).
 */
export function bodies(events: TrackerEvent[], now: number, maxBytes = MAX_BATCH_BYTES): string[] {
  const out: string[] = []
  let batch: string[] = []
  let size = 0
  const end = () => batch.length && out.push(`{"batch":[${batch}],"sentAt":"${new Date(now).toISOString()}"}`)
  for (const e of events) {
    let json: string
    // An event JSON cannot carry (a plugin put a BigInt or a cycle in it) goes as `null`, which the
    // collector refuses by its index: it must not block the events queued behind it.
    try {
      json = JSON.stringify(e)
    } catch {
      json = 'null'
    }
    const bytes = utf8(json)
    if (size + bytes > maxBytes) {
      end()
      batch = []
      size = 0
    }
    batch.push(json)
    size += bytes + 1
  }
  end()
  return out
}

/**
 * POST a body as `text/plain` (no CORS preflight), with `keepalive` so it survives the page.
 * Resolves with the response once its body is read, or undefined when the network failed; never
 * rejects. Chromium counts a keepalive request against the 64 KiB in flight until its response
 * body is read, so an unread answer would make every later keepalive request fail.
 */
export function post(endpoint: string, data: string, keepalive = true): Promise<Response | undefined> {
  return fetch(endpoint, {
    method: 'POST',
    body: data,
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    keepalive,
    credentials: 'omit',
  })
    .then((r) => r.text().then(() => r, () => r))
    .catch(() => undefined)
}

/**
 * How long to wait before sending again what the collector answered with `res` (undefined: the
 * network failed), on the `attempt`-th retry from 0: its `Retry-After`, in seconds or as an HTTP date,
 * else full jitter, a random wait up to a bound that doubles from 1 s and stops at 60 s, which
 * spreads the retries of many visitors. At most a day: beyond 2^31 - 1 ms (24.8 days) a browser's
 * timer fires at once, which would retry in a loop; and a queue that meets a wait stored further
 * ahead knows the clock was set back. Both transports, core's and the queue, retry by it.
 */
export function retryDelay(res: Response | undefined, attempt: number): number {
  const header = res?.headers.get('Retry-After') as string
  return Math.min(864e5, +header * 1000 || Date.parse(header) - Date.now() || Math.random() * Math.min(60_000, 1000 * 2 ** attempt))
}

/**
 * Send a body while the page goes away: `sendBeacon`, else a keepalive `fetch`.
 * Returns whether the browser queued the beacon (not whether the collector stored it).
 */
export function beacon(endpoint: string, data: string): boolean {
  try {
    if (navigator.sendBeacon(endpoint, data)) return true
  } catch {
    // Some browsers throw instead of returning false over the beacon quota.
  }
  post(endpoint, data)
  return false
}

/** Call `fn` when the page is hidden or unloaded (`visibilitychange` alone misses some unloads); returns the teardown. */
export function onHide(fn: () => void): () => void {
  const vis = () => document.visibilityState == 'hidden' && fn()
  addEventListener('pagehide', fn)
  document.addEventListener('visibilitychange', vis)
  return () => {
    removeEventListener('pagehide', fn)
    document.removeEventListener('visibilitychange', vis)
  }
}

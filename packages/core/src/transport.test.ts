import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker } from './tracker.js'
import { memoryTransport } from './transport.js'
import { bodies } from './send.js'
import type { TrackerEvent } from './types.js'

type Call = { url: string; body: string; init: RequestInit }
let calls: Call[]
let answer: (n: number) => Response | Error
let beacons: string[]

beforeEach(() => {
  vi.useFakeTimers()
  calls = []
  beacons = []
  answer = () => new Response('{}', { status: 200 })
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.push({ url, body: init.body as string, init })
    const a = answer(calls.length)
    return a instanceof Error ? Promise.reject(a) : Promise.resolve(a)
  })
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, data: string) => (beacons.push(data), true) })
})
afterEach(() => {
  // Each tracker listens for pagehide: tear it down, or it would beacon into the next test.
  live.splice(0).forEach((t) => t.destroy())
  vi.useRealTimers()
  vi.unstubAllGlobals()
  localStorage.clear()
})

const live: ReturnType<typeof createTracker>[] = []
const tracker = (opts = {}) => {
  const t = createTracker({ endpoint: 'https://collect.test/collect', transport: memoryTransport(opts) })
  live.push(t)
  return t
}
const sentEvents = () => calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => e.event))

describe('memoryTransport', () => {
  it('batches events and sends them as text/plain with keepalive after the interval', async () => {
    const t = tracker({ flushIntervalMs: 1000 })
    t.track('a')
    t.track('b')
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(1)
    const [c] = calls
    expect(c.url).toBe('https://collect.test/collect')
    expect(c.init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } })
    const body = JSON.parse(c.body)
    expect(Object.keys(body)).toEqual(['batch', 'sentAt'])
    expect(sentEvents()).toEqual(['a', 'b'])
  })

  it('sends at once when maxBatchSize events wait', async () => {
    const t = tracker({ maxBatchSize: 3 })
    for (const e of ['a', 'b', 'c']) t.track(e)
    await vi.advanceTimersByTimeAsync(0)
    expect(sentEvents()).toEqual(['a', 'b', 'c'])
  })

  it('sends one body at a time, so a burst never exceeds the keepalive quota, and delivers it once', async () => {
    let inflight = 0
    let peak = 0
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls.push({ url: _url, body: init.body as string, init })
      peak = Math.max(peak, ++inflight)
      await new Promise((r) => setTimeout(r, 5))
      inflight--
      return new Response('{}')
    })
    const t = tracker()
    for (let i = 0; i < 1000; i++) t.track('burst', { i, pad: 'x'.repeat(200) })
    const done = t.flush()
    await vi.advanceTimersByTimeAsync(10_000)
    await done
    expect(peak).toBe(1)
    const ids = calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => e.properties!.i))
    expect(ids).toEqual([...Array(1000).keys()])
  })

  it('beacons each waiting body once, though pagehide follows visibilitychange', async () => {
    answer = () => new TypeError('offline')
    const t = tracker()
    t.track('a')
    t.flush()
    await vi.advanceTimersByTimeAsync(0)
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
    dispatchEvent(new Event('pagehide'))
    delete (document as any).visibilityState
    expect(beacons).toHaveLength(1)
  })

  it('does not beacon the body whose keepalive fetch is in flight', async () => {
    vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
      calls.push({ url, body: init.body as string, init })
      return new Promise(() => {})
    })
    const t = tracker({ maxBatchSize: 1 })
    t.track('in_flight')
    await vi.advanceTimersByTimeAsync(0)
    t.track('waiting')
    await vi.advanceTimersByTimeAsync(0)
    dispatchEvent(new Event('pagehide'))
    expect(calls.map((c) => JSON.parse(c.body).batch[0].event)).toEqual(['in_flight'])
    expect(beacons.map((b) => JSON.parse(b).batch[0].event)).toEqual(['waiting'])
  })

  it('restamps sentAt on every attempt', async () => {
    answer = (n) => (n == 1 ? new Response('', { status: 503, headers: { 'Retry-After': '3' } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    t.flush()
    await vi.advanceTimersByTimeAsync(3000)
    const [first, second] = calls.map((c) => Date.parse(JSON.parse(c.body).sentAt))
    expect(second - first).toBeGreaterThanOrEqual(3000)
  })

  it('retries a failed batch with backoff until the collector takes it', async () => {
    answer = (n) => (n < 3 ? new Response('', { status: 503 }) : n == 3 ? new TypeError('offline') : new Response('{}'))
    const t = tracker()
    t.track('a')
    const done = t.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    await done
    expect(calls).toHaveLength(4)
    expect(new Set(calls.map((c) => JSON.parse(c.body).batch[0].messageId)).size).toBe(1)
  })

  // In seconds, or as an HTTP date (whole seconds: that wait ends between 8 and 9 s from now), as the queue does.
  it.each([
    ['seconds on 429', 429, () => '2', 1999, 1],
    ['an HTTP date on 503', 503, () => new Date(Date.now() + 9000).toUTCString(), 7900, 1200],
  ])('waits for Retry-After in %s', async (_, status, header, before, after) => {
    answer = (n) => (n == 1 ? new Response('', { status, headers: { 'Retry-After': header() } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    t.flush()
    await vi.advanceTimersByTimeAsync(before)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(after)
    expect(calls).toHaveLength(2)
  })

  // Beyond 2^31 - 1 ms (24.8 days) a browser's setTimeout fires at once: an unbounded wait retried in a loop.
  it.each([
    ['seconds', () => String(90 * 86_400)],
    ['an HTTP date', () => new Date(Date.now() + 90 * 86_400_000).toUTCString()],
  ])('waits at most a day for a Retry-After of 90 days in %s', async (_, header) => {
    answer = (n) => (n == 1 ? new Response('', { status: 503, headers: { 'Retry-After': header() } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    t.flush()
    await vi.advanceTimersByTimeAsync(86_399_000)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toHaveLength(2)
  })

  it('gives up on a 400 without retrying', async () => {
    answer = () => new Response('', { status: 400 })
    const t = tracker()
    t.track('a')
    await t.flush()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(calls).toHaveLength(1)
  })

  it('beacons what waits, and what waits for a retry, when the page is hidden', async () => {
    answer = (n) => (n == 1 ? new Response('', { status: 500 }) : new Response('{}'))
    const t = tracker()
    t.track('failed_once')
    t.flush()
    await vi.advanceTimersByTimeAsync(0)
    t.track('waiting')
    await vi.advanceTimersByTimeAsync(0)
    dispatchEvent(new Event('pagehide'))
    expect(beacons.flatMap((b) => JSON.parse(b).batch.map((e: TrackerEvent) => e.event)).sort()).toEqual(['failed_once', 'waiting'])
  })

  it('sends at once what it is given while the page is hidden, when a batch timer might never run', async () => {
    const t = tracker({ flushIntervalMs: 1000 })
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' })
    try {
      // A plugin tracking in its own hide listener, after the transport's listener has beaconed.
      t.track('left_the_tab')
      await vi.advanceTimersByTimeAsync(0)
      expect(sentEvents()).toEqual(['left_the_tab'])
    } finally {
      delete (document as { visibilityState?: string }).visibilityState
    }
    t.track('back')
    await vi.advanceTimersByTimeAsync(0)
    expect(sentEvents()).toEqual(['left_the_tab'])
  })
})

describe('bodies', () => {
  it('splits a large batch so each body stays under the limit, keeping order', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ event: 'e' + i, properties: { pad: 'x'.repeat(1000) } })) as unknown as TrackerEvent[]
    const out = bodies(events, 0, 5000)
    expect(out.length).toBeGreaterThan(5)
    for (const b of out) expect(b.length).toBeLessThan(5200)
    expect(out.flatMap((b) => JSON.parse(b).batch.map((e: TrackerEvent) => e.event))).toEqual(events.map((e) => e.event))
    expect(JSON.parse(out[0]).sentAt).toBe('1970-01-01T00:00:00.000Z')
  })

  it('counts UTF-8 bytes, not characters, so a body of non-ASCII text still fits a beacon', () => {
    // About 1 050 characters but 2 050 bytes each: four fit 5 000 characters, two fit 5 000 bytes.
    const events = Array.from({ length: 6 }, (_, i) => ({ event: 'e' + i, properties: { text: 'ü'.repeat(1000) } })) as unknown as TrackerEvent[]
    const out = bodies(events, 0, 5000)
    expect(out).toHaveLength(3)
    for (const b of out) expect(new TextEncoder().encode(b).length).toBeLessThan(5200)
  })
})

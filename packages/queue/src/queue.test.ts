import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb'
import { createTracker, type Plugin, type Tracker, type TrackerEvent, type TrackerOptions } from '@touchtrail/core'
import { queue, type QueueOptions } from './index.js'

// Fakes are for unit tests only: fake-indexeddb here, real IndexedDB in Chromium in e2e/.
type Call = { body: string; keepalive?: boolean; at: number }
let calls: Call[]
let beacons: string[]
let answer: (n: number, body: string) => Response | Error
let online: boolean
/** Every tracker a test made: destroyed after it, so that no listener or timer leaks into the next. */
let made: Tracker[] = []

const ENDPOINT = 'https://collect.test/collect'

beforeEach(() => {
  // Fake clocks for setTimeout and Date only: fake-indexeddb schedules its work with setImmediate. And
  // for performance.now, which core's slicing reads: on a slow machine a burst would otherwise be built in
  // more slices, each after a fake timer that nothing moves in a test that does not advance the clock.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] })
  vi.stubGlobal('indexedDB', new IDBFactory())
  calls = []
  beacons = []
  online = true
  answer = () => new Response('{}', { status: 200 })
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    calls.push({ body: init.body as string, keepalive: init.keepalive, at: Date.now() })
    const a = answer(calls.length, init.body as string)
    if (a instanceof Error) throw a
    return a
  })
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_: string, data: string) => (beacons.push(data), true) })
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
})
afterEach(async () => {
  for (const t of made.splice(0)) t.destroy()
  await advance(1000)
  vi.useRealTimers()
  vi.unstubAllGlobals()
  localStorage.clear()
  delete (navigator as { onLine?: boolean }).onLine
  delete (document as { hidden?: boolean }).hidden
})

/** Let IndexedDB (real tasks) and promises run, without moving the fake clock. */
const settle = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r))
}
/** Move the fake clock, letting IndexedDB work in between. */
const advance = async (ms: number) => {
  for (let left = ms; left > 0; left -= 100) {
    await vi.advanceTimersByTimeAsync(Math.min(100, left))
    await settle()
  }
  await settle()
}

const tracker = (opts: QueueOptions = {}, more: Partial<TrackerOptions> = {}) => {
  const t = createTracker({ endpoint: ENDPOINT, transport: queue(opts), ...more })
  made.push(t)
  return t
}
const sent = () => calls.flatMap((c) => (JSON.parse(c.body).batch as TrackerEvent[]).map((e) => e.event))
const beaconed = () => beacons.flatMap((b) => (JSON.parse(b).batch as TrackerEvent[]).map((e) => e.event))

/** A page that tracked `name` offline and went away: its event waits in IndexedDB. */
const leaveBehind = async (name: string) => {
  online = false
  const earlier = tracker()
  earlier.track(name)
  await settle()
  earlier.destroy()
  await settle()
  online = true
}

/** What the IndexedDB queue holds now, oldest first; undefined before the queue created it. */
const stored = () =>
  new Promise<TrackerEvent[] | undefined>((resolve) => {
    const open = indexedDB.open('touchtrail')
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('e')) return resolve(void db.close())
      const all = db.transaction('e').objectStore('e').getAll()
      all.onsuccess = () => resolve(all.result)
      db.close()
    }
  })
const databases = async () => (await indexedDB.databases()).map((d) => d.name)

describe('queue', () => {
  it('writes accepted events to IndexedDB soon after track(), in one write, and says so in their context', async () => {
    const t = tracker()
    for (const name of ['a', 'b', 'c']) t.track(name)
    await settle()
    const events = (await stored())!
    expect(events.map((e) => e.event)).toEqual(['a', 'b', 'c'])
    expect(events.every((e) => e.context.queue == 'indexeddb')).toBe(true)
    expect(calls).toHaveLength(0)
  })

  it('sends a batch after flushIntervalMs, and at once when maxBatchSize events wait', async () => {
    const t = tracker({ flushIntervalMs: 5000, maxBatchSize: 4 })
    t.track('a')
    t.track('b')
    await advance(4900)
    expect(calls).toHaveLength(0)
    await advance(200)
    expect(sent()).toEqual(['a', 'b'])
    expect(calls[0].keepalive).toBe(false)
    expect(await stored()).toEqual([])
    for (const name of ['c', 'd', 'e', 'f']) t.track(name)
    await advance(0)
    expect(sent()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  it('sends at most maxBatchSize events, and at most 48 kB of UTF-8, in one batch', async () => {
    const t = tracker({ maxBatchSize: 3 })
    for (let i = 0; i < 7; i++) t.track('e' + i)
    await t.flush()
    expect(calls.map((c) => JSON.parse(c.body).batch.length)).toEqual([3, 3, 1])
    calls = []
    // Each is 9 kB of characters but 18 kB of UTF-8: five fit 48 000 characters, two fit 48 kB.
    const wide = tracker({ maxBatchSize: 10 })
    const text = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, 'ü'.repeat(1800)]))
    for (let i = 0; i < 5; i++) wide.track('wide' + i, text)
    await wide.flush()
    expect(calls.map((c) => JSON.parse(c.body).batch.length)).toEqual([2, 2, 1])
    expect(calls.every((c) => new TextEncoder().encode(c.body).length < 48_200)).toBe(true)
    expect(sent()).toEqual(['wide0', 'wide1', 'wide2', 'wide3', 'wide4'])
  })

  it('flush() resolves once everything is delivered', async () => {
    const t = tracker()
    for (let i = 0; i < 120; i++) t.track('e' + i)
    await t.flush()
    expect(sent()).toHaveLength(120)
    expect(await stored()).toEqual([])
  })

  it('retries 5xx and network failures with full jitter, the bound doubling from 1 s up to 60 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1)
    answer = (n) => (n < 9 ? (n % 2 ? new Response('', { status: 500 }) : new TypeError('network')) : new Response('{}'))
    const t = tracker()
    t.track('a')
    await t.flush()
    await advance(190_000)
    expect(calls).toHaveLength(9)
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at)
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000])
    expect(sent().at(-1)).toBe('a')
    expect(await stored()).toEqual([])
  })

  it('honours Retry-After on 429 and 503, in every tab and the next page', async () => {
    answer = (n) => (n == 1 ? new Response('', { status: 429, headers: { 'Retry-After': '7' } }) : n == 2 ? new Response('', { status: 503, headers: { 'Retry-After': '3' } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    await t.flush()
    expect(calls).toHaveLength(1)
    // Another page of the site sees the collector's wait too.
    const other = tracker()
    await other.flush()
    await advance(6900)
    expect(calls).toHaveLength(1)
    await advance(200)
    expect(calls).toHaveLength(2)
    await advance(2800)
    expect(calls).toHaveLength(2)
    await advance(200)
    expect(calls).toHaveLength(3)
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(7000)
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(3000)
    expect(sent()).toEqual(['a', 'a', 'a'])
  })

  it('does not wait out a Retry-After stored before the clock was set back', async () => {
    answer = (n) => (n == 1 ? new Response('', { status: 503, headers: { 'Retry-After': '60' } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    await t.flush()
    expect(calls).toHaveLength(1)
    // The device's clock was two days ahead; the operating system corrects it.
    vi.setSystemTime(Date.now() - 2 * 86_400_000)
    await advance(60_100)
    expect(sent()).toEqual(['a', 'a'])
    expect(await stored()).toEqual([])
  })

  it('does not wait for a lease stored before the clock was set back (no Web Locks)', async () => {
    expect(navigator.locks).toBeFalsy()
    // Another tab took the lease two days ahead of the corrected clock, and closed.
    localStorage.setItem('tt_ql', String(Date.now() + 2 * 86_400_000))
    const t = tracker()
    t.track('a')
    await advance(5100)
    expect(sent()).toEqual(['a'])
  })

  it('honours Retry-After given as an HTTP date', async () => {
    answer = (n) => (n == 1 ? new Response('', { status: 503, headers: { 'Retry-After': new Date(Date.now() + 9000).toUTCString() } }) : new Response('{}'))
    const t = tracker()
    t.track('a')
    await t.flush()
    await advance(7900)
    expect(calls).toHaveLength(1)
    await advance(1200)
    expect(calls).toHaveLength(2)
    expect(sent()).toEqual(['a', 'a'])
  })

  it('halves a batch the collector answers 413, and drops a single event it still refuses, with an error in debug mode', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    answer = (_, body) => new Response('', { status: JSON.parse(body).batch.length > 2 || body.includes('huge') ? 413 : 200 })
    const t = tracker({}, { debug: true })
    for (let i = 0; i < 8; i++) t.track('e' + i, i == 5 ? { huge: true } : {})
    await t.flush()
    // Halved until the collector takes them; the smaller batches hold for the rest of this delivery.
    expect(calls.map((c) => JSON.parse(c.body).batch.length)).toEqual([8, 4, 2, 2, 2, 1, 1, 1, 1])
    const delivered = calls.filter((c) => !c.body.includes('huge') && JSON.parse(c.body).batch.length <= 2).flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => e.event))
    expect(delivered).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e6', 'e7'])
    expect(errors.mock.calls.map((c) => c[0])).toEqual(['touchtrail: 1 events refused with 413'])
    expect(await stored()).toEqual([])
  })

  it('drops a batch the collector answers 400, with one clear console error in debug mode, and goes on', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    answer = (n) => new Response('', { status: n == 1 ? 400 : 200 })
    const t = tracker({ maxBatchSize: 2 }, { debug: true })
    for (const name of ['a', 'b', 'c']) t.track(name)
    await t.flush()
    expect(sent()).toEqual(['a', 'b', 'c'])
    expect(errors.mock.calls.map((c) => c[0])).toEqual(['touchtrail: 2 events refused with 400'])
    expect(await stored()).toEqual([])
  })

  it('sends an event JSON cannot carry as null, which the collector refuses by its index, and goes on with the rest', async () => {
    // A plugin with a bug puts a BigInt in one event: IndexedDB stores it, JSON cannot carry it.
    const buggy: Plugin = { name: 'buggy', setup: (t) => t.on('event', (ev: TrackerEvent) => void (ev.event == 'b' && ((ev.context as any).bad = 1n))) }
    const names = (body: string) => JSON.parse(body).batch.map((e: TrackerEvent | null) => e && e.event)
    const t = tracker({}, { plugins: [buggy] })
    for (const name of ['a', 'b', 'c']) t.track(name)
    await t.flush()
    expect(calls.map((c) => names(c.body))).toEqual([['a', null, 'c']])
    // Delivered with its batch: it blocks nothing behind it, now or on the next page.
    expect(await stored()).toEqual([])
    // The same when the page goes: the beacon carries it as null, and nothing throws into the page.
    const errors: unknown[] = []
    const onError = (e: ErrorEvent) => errors.push(e.error)
    addEventListener('error', onError)
    t.track('b')
    t.track('d')
    await settle()
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    dispatchEvent(new Event('pagehide'))
    removeEventListener('error', onError)
    expect(beacons.map(names)).toEqual([[null, 'd']])
    expect(errors).toEqual([])
  })

  it('pauses while offline, keeps writing, and resumes on the online event', async () => {
    online = false
    const t = tracker()
    for (let i = 0; i < 60; i++) t.track('e' + i)
    await t.flush()
    await advance(30_000)
    expect(calls).toHaveLength(0)
    expect((await stored())!.length).toBe(60)
    online = true
    dispatchEvent(new Event('online'))
    // Two batches, each read, sent and removed in IndexedDB steps of their own.
    for (let i = 0; i < 3; i++) await settle()
    expect(sent()).toHaveLength(60)
  })

  it('sends events an earlier page left, with its first batch', async () => {
    await leaveBehind('left_behind')
    const next = tracker()
    next.track('new_page')
    await advance(5100)
    expect(sent()).toEqual(['left_behind', 'new_page'])
  })

  it('evicts the oldest beyond maxEvents and reports exactly how many with queue_overflow', async () => {
    online = false
    const t = tracker({ maxEvents: 10 })
    for (let i = 0; i < 25; i++) t.track('e' + i)
    await t.flush()
    await settle()
    let events = (await stored())!
    expect(events.length).toBe(10)
    const report = events.find((e) => e.event == 'queue_overflow')!
    // 25 events, bound 10: 16 evicted, so the report fits in the tenth place.
    expect(report.properties).toEqual({ dropped: 16, reason: 'count' })
    expect(events.filter((e) => e.event != 'queue_overflow').map((e) => e.event)).toEqual(['e16', 'e17', 'e18', 'e19', 'e20', 'e21', 'e22', 'e23', 'e24'])
    online = true
    await t.flush()
    events = calls.flatMap((c) => JSON.parse(c.body).batch as TrackerEvent[])
    // Nothing lost silently: what arrived plus what was reported is what was tracked.
    const dropped = events.filter((e) => e.event == 'queue_overflow').reduce((n, e) => n + (e.properties!.dropped as number), 0)
    expect(events.filter((e) => e.event != 'queue_overflow').length + dropped).toBe(25)
  })

  it('evicts nothing at the bound itself, so one report never leads to another', async () => {
    online = false
    const t = tracker({ maxEvents: 10 })
    for (let i = 0; i < 10; i++) t.track('e' + i)
    for (let i = 0; i < 3; i++) {
      await t.flush()
      await advance(6000)
    }
    expect((await stored())!.map((e) => e.event)).toEqual(Array.from({ length: 10 }, (_, i) => 'e' + i))
  })

  // A backlog of more than a batch ages out batch by batch, each with its report: they add up.
  it.each([2, 120])('evicts events older than maxAgeMs and reports them with reason age (%i old)', async (old) => {
    online = false
    const t = tracker({ maxAgeMs: 60_000, maxBatchSize: 50 })
    for (let i = 0; i < old; i++) t.track('old' + i)
    await settle()
    await advance(61_000)
    t.track('fresh')
    online = true
    await t.flush()
    await settle()
    await t.flush()
    const events = calls.flatMap((c) => JSON.parse(c.body).batch as TrackerEvent[])
    const reports = events.filter((e) => e.event == 'queue_overflow').map((e) => e.properties)
    expect(reports).toHaveLength(Math.ceil(old / 50))
    expect(reports.every((r) => r!.reason == 'age')).toBe(true)
    expect(reports.reduce((n, r) => n + (r!.dropped as number), 0)).toBe(old)
    expect(events.filter((e) => e.event != 'queue_overflow').map((e) => e.event)).toEqual(['fresh'])
  })

  it('never reads or rewrites the whole queue: a write only adds, and each read takes one batch', async () => {
    const proto = IDBObjectStore.prototype as any
    const reads: number[] = []
    const spied = ['get', 'put', 'getAll', 'getAllKeys'].map((name) => {
      const original = proto[name]
      proto[name] = function (this: IDBObjectStore, ...args: unknown[]) {
        reads.push(name == 'getAll' || name == 'getAllKeys' ? (args[1] as number) : Infinity)
        return original.apply(this, args)
      }
      return () => (proto[name] = original)
    })
    try {
      online = false
      const t = tracker({ maxBatchSize: 50 })
      for (let i = 0; i < 500; i++) t.track('e' + i)
      await advance(1000)
      // Each slice of 50 or more started a delivery, which reads a batch before it sees it is offline; on a
      // slow machine there are more slices, so wait until every one of them is over.
      await t.flush()
      // 500 queued: the next write reads nothing back.
      reads.length = 0
      t.track('one_more')
      await settle()
      expect(reads).toEqual([])
      online = true
      dispatchEvent(new Event('online'))
      // Eleven batches, each read, sent and removed in IndexedDB steps of its own.
      for (let i = 0; i < 100 && sent().length < 501; i++) await settle()
      expect(sent()).toHaveLength(501)
      // Every read of the delivery is of one batch at most, never a whole-queue read or rewrite.
      expect(reads.length).toBeGreaterThan(0)
      expect(Math.max(...reads)).toBe(50)
    } finally {
      spied.forEach((restore) => restore())
    }
  })

  it('falls back to localStorage where IndexedDB fails, and says so in the context', async () => {
    vi.stubGlobal('indexedDB', undefined)
    online = false
    const t = tracker()
    t.track('a')
    t.track('b')
    await settle()
    expect(JSON.parse(localStorage.getItem('tt_q')!).map((e: TrackerEvent) => [e.event, e.context.queue])).toEqual([
      ['a', 'localstorage'],
      ['b', 'localstorage'],
    ])
    online = true
    await t.flush()
    expect(calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => e.context.queue))).toEqual(['localstorage', 'localstorage'])
    expect(localStorage.getItem('tt_q')).toBeNull()
  })

  it('takes in what a tab left in the localStorage queue when its IndexedDB failed: the next page sends it', async () => {
    // A tab whose IndexedDB failed kept its events in localStorage and closed offline, unsent.
    const idb = indexedDB
    vi.stubGlobal('indexedDB', undefined)
    online = false
    const gone = tracker()
    gone.track('left_in_local')
    await settle()
    gone.destroy()
    await settle()
    expect(JSON.parse(localStorage.getItem('tt_q')!).map((e: TrackerEvent) => e.event)).toEqual(['left_in_local'])
    // The next page has IndexedDB: it takes the events in, so no page is left that would never read them.
    vi.stubGlobal('indexedDB', idb)
    online = true
    const next = tracker()
    next.track('next_page')
    await settle()
    await next.flush()
    await settle()
    await next.flush()
    // Sent by the next page, from its IndexedDB queue (the event still says where its own tab kept it).
    expect(calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => [e.event, e.context.queue]))).toEqual(
      expect.arrayContaining([
        ['left_in_local', 'localstorage'],
        ['next_page', 'indexeddb'],
      ]),
    )
    expect(localStorage.getItem('tt_q')).toBeNull()
    expect(await stored()).toEqual([])
  })

  it('takes from tt_q only the events it took: what the fallback tab adds meanwhile stays, and goes next', async () => {
    // A tab whose IndexedDB failed keeps its queue in tt_q and goes on tracking.
    const first = { type: 'track', event: 'in_tt_q', messageId: 'm-1', timestamp: new Date().toISOString(), context: {} }
    localStorage.setItem('tt_q', JSON.stringify([first]))
    const late = { ...first, event: 'added_meanwhile', messageId: 'm-2' }
    // While this page writes what it took to IndexedDB, that tab adds one more event to tt_q.
    const add = IDBObjectStore.prototype.add
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, value: any, key?: IDBValidKey) {
      if (value?.messageId == 'm-1') localStorage.setItem('tt_q', JSON.stringify([first, late]))
      return add.call(this, value, key)
    })
    try {
      const t = tracker()
      await settle()
      await t.flush()
      await settle()
      // The taken event went; the one added meanwhile is still there, for the next drain.
      expect(JSON.parse(localStorage.getItem('tt_q')!).map((e: TrackerEvent) => e.event)).toEqual(['added_meanwhile'])
      await t.flush()
      await settle()
      expect(sent().sort()).toEqual(['added_meanwhile', 'in_tt_q'])
      expect(localStorage.getItem('tt_q')).toBeNull()
    } finally {
      spy.mockRestore()
    }
  })

  it('falls back to memory where localStorage fails too', async () => {
    vi.stubGlobal('indexedDB', undefined)
    // As where storage is disabled: touching localStorage throws.
    const ls = Object.getOwnPropertyDescriptor(window, 'localStorage')!
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError')
      },
    })
    try {
      const t = tracker()
      t.track('a')
      await settle()
      await t.flush()
      expect(calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => e.context.queue))).toEqual(['memory'])
    } finally {
      Object.defineProperty(window, 'localStorage', ls)
    }
  })

  it.each(['memory', 'none'] as const)('keeps the queue in memory with storage %s: nothing on the device', async (storage) => {
    online = false
    const t = tracker({}, { storage })
    t.track('a')
    await t.flush()
    await advance(6000)
    expect(await databases()).toEqual([])
    expect(Object.keys(localStorage)).toEqual([])
    online = true
    await t.flush()
    expect(calls.flatMap((c) => JSON.parse(c.body).batch.map((e: TrackerEvent) => [e.event, e.context.queue]))).toEqual([['a', 'memory']])
  })

  it('forgets everything it stored when consent is denied, and nothing brings the database back', async () => {
    online = false
    const t = tracker()
    t.track('a')
    await settle()
    await t.flush()
    localStorage.setItem('tt_q', '[]')
    expect(await databases()).toEqual(['touchtrail'])
    t.consent('denied')
    await advance(10_000)
    expect(await databases()).toEqual([])
    expect(Object.keys(localStorage)).toEqual([])
    online = true
    dispatchEvent(new Event('online'))
    await advance(10_000)
    expect(await databases()).toEqual([])
    expect(calls).toHaveLength(0)
  })

  it('keeps and sends what is tracked after a refusal taken back in the same task', async () => {
    const t = tracker()
    t.track('a')
    await settle()
    await t.flush()
    expect(await databases()).toEqual(['touchtrail'])
    // A consent manager replaying the visitor's history: a refusal, then a grant, then tracking.
    t.consent('denied')
    t.consent('granted')
    t.track('b')
    await advance(5100)
    // Sent while the page is open, not only by the beacon when it is hidden: it is in the queue.
    expect(sent()).toEqual(['a', 'b'])
    expect(beacons).toEqual([])
    online = false
    t.track('c')
    await advance(1000)
    expect((await stored())?.map((e) => e.event)).toEqual(['c'])
  })

  it('writes nothing before consent is granted, and sends what an earlier page left once it is', async () => {
    await leaveBehind('earlier')
    const t = tracker({}, { consent: 'pending' })
    await advance(6000)
    expect(calls).toHaveLength(0)
    t.consent('granted')
    t.track('now')
    await advance(5100)
    expect(sent().sort()).toEqual(['earlier', 'now'])
  })

  it('beacons what no request took when the page is hidden, and what arrives while it stays hidden', async () => {
    const t = tracker()
    t.track('a')
    t.track('b')
    await settle()
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    dispatchEvent(new Event('pagehide'))
    expect(beaconed()).toEqual(['a', 'b'])
    // A plugin tracking in its own hide listener, after ours.
    t.track('last_words')
    await settle()
    expect(beaconed()).toEqual(['a', 'b', 'last_words'])
    // A second hide beacons nothing twice.
    dispatchEvent(new Event('pagehide'))
    expect(beacons).toHaveLength(2)
    // Unconfirmed, they stay queued for the next page (the collector dedupes on messageId).
    expect((await stored())!.map((e) => e.event)).toEqual(['a', 'b', 'last_words'])
  })

  it('beacons at hide what a request has not confirmed, never a batch the collector already took in this round', async () => {
    const t = tracker({ maxBatchSize: 2 })
    let answerSecond!: (r: Response) => void
    // The first batch is taken; the second one's answer is still on its way when the page is hidden.
    answer = (n) => (n == 1 ? new Response('{}') : (new Promise<Response>((r) => (answerSecond = r)) as unknown as Response))
    for (const name of ['a', 'b', 'c', 'd']) t.track(name)
    await settle()
    expect(sent()).toEqual(['a', 'b', 'c', 'd'])
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    dispatchEvent(new Event('pagehide'))
    expect(beaconed()).toEqual(['c', 'd'])
    answerSecond(new Response('{}'))
    await settle()
    expect(await stored()).toEqual([])
  })

  it('rescues into localStorage what is not written yet when the page goes away; the next page sends it', async () => {
    const t = tracker()
    t.track('in_flight')
    // Core hands the event over in a microtask; the IndexedDB write has not finished when the page
    // is hidden and unloads.
    await Promise.resolve()
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    dispatchEvent(new Event('pagehide'))
    const rescued = Object.keys(localStorage).filter((k) => k.startsWith('tt_q.'))
    expect(rescued).toHaveLength(1)
    expect(JSON.parse(localStorage[rescued[0]]).map((e: TrackerEvent) => e.event)).toEqual(['in_flight'])
    t.destroy()
    delete (document as { hidden?: boolean }).hidden
    calls = []
    const next = tracker()
    await next.flush()
    await settle()
    await next.flush()
    expect(sent()).toContain('in_flight')
    expect(Object.keys(localStorage).filter((k) => k.startsWith('tt_q.'))).toEqual([])
  })

  it('rescues an event once when a closing tab is hidden and then unloads', async () => {
    const t = tracker()
    t.track('in_flight')
    await Promise.resolve()
    // A tab being closed: visibilitychange (hidden), then pagehide; the write has not finished.
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
    dispatchEvent(new Event('pagehide'))
    delete (document as { visibilityState?: string }).visibilityState
    const rescued = Object.keys(localStorage).filter((k) => k.startsWith('tt_q.'))
    // One key with the event once: the next page takes in every key whole, so a second copy would be
    // queued, and sent, twice.
    expect(rescued.flatMap((k) => JSON.parse(localStorage[k]).map((e: TrackerEvent) => e.event))).toEqual(['in_flight'])
  })

  it('sends with keepalive once the page is hidden, so that the request outlives it', async () => {
    const t = tracker()
    t.track('a')
    await settle()
    Object.defineProperty(document, 'hidden', { configurable: true, value: true })
    await t.flush()
    expect(sent()).toEqual(['a'])
    expect(calls[0].keepalive).toBe(true)
  })

  it('beacons nothing while offline: it stays queued', async () => {
    const t = tracker()
    t.track('a')
    await settle()
    online = false
    dispatchEvent(new Event('pagehide'))
    expect(beacons).toHaveLength(0)
    expect((await stored())!.map((e) => e.event)).toEqual(['a'])
  })

  it('sends from one tab at a time: while another holds the lock it defers, then the queue goes out once', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const names = new Set<string>()
    Object.defineProperty(navigator, 'locks', {
      configurable: true,
      value: {
        request: async (name: string, _opts: unknown, fn: (lock: unknown) => unknown) => {
          if (names.has(name)) return fn(null)
          names.add(name)
          try {
            return await fn({ name })
          } finally {
            names.delete(name)
          }
        },
      },
    })
    try {
      // Another tab holds the lock.
      const other = (navigator as any).locks.request('tt_queue', {}, () => held)
      const t = tracker()
      t.track('a')
      await t.flush()
      expect(calls).toHaveLength(0)
      release()
      await other
      await advance(5100)
      expect(sent()).toEqual(['a'])
    } finally {
      delete (navigator as { locks?: unknown }).locks
    }
  })

  it('without Web Locks, defers to a live lease and takes over an expired one', async () => {
    localStorage.setItem('tt_ql', JSON.stringify(Date.now() + 30_000))
    const t = tracker()
    t.track('a')
    await t.flush()
    expect(calls).toHaveLength(0)
    await advance(31_000)
    expect(sent()).toEqual(['a'])
    expect(localStorage.getItem('tt_ql')).toBeNull()
  })

  it('without Web Locks, a page left in the middle of a delivery leaves no lease behind: the next page sends at once', async () => {
    // The collector never answers: the delivery is under way when the page goes.
    answer = () => new Promise<Response>(() => {}) as unknown as Response
    const t = tracker()
    t.track('a')
    void t.flush()
    await settle()
    expect(calls).toHaveLength(1)
    expect(localStorage.getItem('tt_ql')).not.toBeNull()
    dispatchEvent(new Event('pagehide'))
    expect(localStorage.getItem('tt_ql')).toBeNull()
    t.destroy()
    // The next page, at once: no 30 s wait for a lease nobody renews.
    answer = () => new Response('{}', { status: 200 })
    const next = tracker()
    next.track('b')
    await next.flush()
    expect(sent().slice(1)).toEqual(['a', 'b'])
  })

  it('never throws into the page and stops its timers and listeners on destroy', async () => {
    const t = tracker()
    t.track('a')
    t.destroy()
    await advance(10_000)
    expect(sent()).toEqual(['a'])
    calls = []
    dispatchEvent(new Event('online'))
    dispatchEvent(new Event('pagehide'))
    await advance(10_000)
    expect(calls).toHaveLength(0)
    expect(beacons).toHaveLength(0)
  })
})

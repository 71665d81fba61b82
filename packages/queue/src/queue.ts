import { beacon, bodies, onHide, post, retryDelay, type TrackerEvent, type TransportFactory } from '@touchtrail/core'
import { localStore, memoryStore } from './array-store.js'
import type { QueueKind, QueueStore } from './store.js'
import { idbStore } from './idb-store.js'

declare module '@touchtrail/core' {
  interface EventContext {
    /** Where `@touchtrail/queue` kept the event until it was delivered. */
    queue?: QueueKind
  }
}

/** What `stores[at]` is, as `context.queue` says. */
const KINDS: QueueKind[] = ['indexeddb', 'localstorage', 'memory']

/** Options of {@link queue}. */
export interface QueueOptions {
  /** Send as soon as this many events wait; also the most events in one batch. @default 50 */
  maxBatchSize?: number
  /** Send what waits after this long. @default 5000 */
  flushIntervalMs?: number
  /** The most events kept; beyond, the oldest are evicted and reported by `queue_overflow`. @default 10000 */
  maxEvents?: number
  /** Events older than this are evicted and reported by `queue_overflow`. @default 604800000 (7 days) */
  maxAgeMs?: number
}

/**
 * The durable transport: every accepted event is written to IndexedDB (else localStorage, else
 * memory) in the next task, sent in batches by count, bytes and time, retried with backoff until
 * the collector takes it, beaconed when the page is hidden, and sent again on the next visit when
 * that cannot be confirmed. Tabs share the queue; one sends at a time.
 *
 * @example
 * import { queue } from '@touchtrail/queue'
 * createTracker({ endpoint, transport: queue({ flushIntervalMs: 2000 }) })
 */
export function queue({
  maxBatchSize = 50,
  flushIntervalMs = 5000,
  maxEvents = 10_000,
  maxAgeMs = 604_800_000,
}: QueueOptions = {}): TransportFactory {
  return (tracker) => {
    const { store, log, now, options } = tracker
    const url = options.endpoint
    // Cookieless and memory modes write nothing to the device: the queue lives in this page only.
    const stores = [idbStore(), localStore(), memoryStore()]
    /** Index of the storage in use: a failure moves on to the next (memory never fails). */
    let at = /memory|none/.test(options.storage) ? 2 : 0
    /** This page's events not yet delivered, beaconed or evicted, by messageId. */
    const unsent = new Map<string, TrackerEvent>()
    /** This page's events whose write has not finished. */
    const unwritten = new Set<TrackerEvent>()
    let timer: ReturnType<typeof setTimeout> | undefined
    let gen = 0
    let attempt = 0

    const stop = () => (timer = void clearTimeout(timer))
    // The cycle a timer starts clears it (`stop()`), so the next `later()` arms a new one.
    const later = (ms: number) => (timer ??= setTimeout(pump, ms))

    /** Report a failure and try again later; `next`: the storage in use failed, move on to the next one. */
    const fail = (e: unknown, next?: boolean) => {
      if (next) at++
      log.error('queue failed', e)
      later(flushIntervalMs)
    }

    /**
     * The time stored as `key` (`qw`, `ql`), or 0 when it is more than a day ahead, further than any
     * wait or lease we set: the clock was set back since (else a month-old wait would hold delivery a
     * month, and past 24.8 days its timer would fire at once, again and again). A lease under a day
     * ahead still holds until it ends; checking it against its own 30 s cost 20 B.
     */
    const until = (key: string) => {
      const t = store.get<number>(key)!
      return t - now() <= 864e5 ? t : 0
    }

    /** These events are delivered, refused or evicted: no longer this page's to beacon. */
    const without = (events: TrackerEvent[]) => events.map((e) => unsent.delete(e?.messageId))

    /** Add events (IndexedDB copies them in its own transaction); when the storage fails, move on to the next. */
    const write = (events: TrackerEvent[]): Promise<unknown> => {
      const g = gen
      const s = stores[at]
      // Each event says where it is kept (again after a fallback).
      events.map((e) => unwritten.add(e) && (e.context.queue = KINDS[at]))
      return s._add(events).then(
        () => {
          events.map((e) => unwritten.delete(e))
          if (g == gen) later(flushIntervalMs)
        },
        (e) => {
          // A failure caused by clear() closing the database is no reason to fall back.
          if (g != gen) return
          // Several writes may fail at once: move on one storage only.
          fail(e, s == stores[at])
          return write(events)
        },
      )
    }

    /**
     * Under the lock: what unloading pages rescued into localStorage joins the queue; past the
     * bounds the oldest go (and a `queue_overflow` event says how many); then batches go out, oldest
     * first, until the queue is empty or delivery stops: offline, waiting to retry, cleared, or the
     * storage failing. Each step reads only the batch it sends.
     */
    const drain = async (): Promise<unknown> => {
      const g = gen
      let limit = maxBatchSize
      let retryAt: number | undefined
      const s = stores[at]
      // What unloading pages rescued (`tt_q.*`), and what a tab left in the localStorage queue (`tt_q`)
      // when its IndexedDB failed, joins this queue: written straight to it, then the key goes. Until
      // then the key keeps them, whatever happens to this page, so they are no page's to rescue again.
      // A rescue key is written once; `tt_q` may grow meanwhile (its tab still tracks), so from it
      // only the events taken go. (`in` also lists Storage's methods, which the name test leaves out.)
      try {
        for (let k in localStorage)
          if (!at && /^tt_q\b/.test(k)) {
            const taken = store.get<TrackerEvent[]>((k = k.slice(3)))!
            await s._add(taken)
            // `q.…`, a rescue key, goes whole; `q`, the fallback queue, loses what was taken.
            k[1] ? store.remove(k) : stores[1]._drop(taken)
          }
      } catch {}
      /** Delivered, refused or evicted: removed, and no longer this page's to beacon (unless the queue was cleared meanwhile). */
      const drop = (events: TrackerEvent[]) => g == gen && (without(events), s._drop(events))
      try {
        // Past the bound, down to one below it: the `queue_overflow` report takes the last place.
        let past = (await s._count()) - maxEvents
        for (;;) {
          // After each wait the queue may have been cleared: a store used again would come back.
          if (g != gen) return
          const head = await s._head(past > 0 ? ++past : limit)
          if (g != gen) return
          const gone = past > 0 ? head : head.filter((e) => Date.parse(e.timestamp) < now() - maxAgeMs)
          if (gone.length) {
            // Reported by the batch read: a long-offline backlog ages out in several reports that add up.
            tracker.track('queue_overflow', { dropped: gone.length, reason: past > 0 ? 'count' : 'age' })
            past = 0
            await drop(gone)
            continue
          }
          if (!head.length || !navigator.onLine || (retryAt = until('qw')) > now()) break
          const [body] = bodies(head, now())
          const n = JSON.parse(body).batch.length
          // Keepalive (to outlive the page) only once the page is hidden: it shares a 64 KiB quota
          // with beacons, and a request over it (one huge event) fails at once.
          const res = await post(url, body, document.hidden)
          const status = res?.status!
          if (status == 413 && n > 1) limit = n >> 1
          else if (status < 300 || status == 400 || status == 413) {
            if (status > 299) log.error(`${n} events refused with ${status}`)
            attempt = 0
            await drop(head.slice(0, n))
          }
          // Shared with the other tabs and the next page.
          else store.set('qw', now() + retryDelay(res, attempt++))
        }
        // Offline, or waiting to retry: the `online` event comes, or this timer (not an earlier one).
        if (retryAt! > now()) stop(), later(retryAt! - now())
      } catch (e) {
        fail(e, s == stores[at])
      }
    }

    let chain: Promise<unknown> = Promise.resolve()
    let waiting: Promise<unknown> | undefined
    /** One delivery at a time; calls made while one waits share it. */
    const pump = () =>
      (waiting ||= chain = chain
        .then((): unknown => {
          waiting = undefined
          stop()
          // Until consent is granted nothing is read or written, so a refusal leaves no trace.
          if (tracker.consent() != 'granted') return
          // A queue in memory is this tab's own: no lock (which opaque origins refuse anyway).
          if (at > 1) return drain()
          // One tab sends at a time. Web Locks release themselves when a tab closes or crashes; where
          // they are missing (Safari before 15.4) a lease in first-party storage stands in, taken
          // when free or not renewed for 30 s (its tab died). Two tabs can take a lease in the same
          // instant (localStorage reaches other processes late): a duplicate, never a loss.
          if (navigator.locks) return navigator.locks.request('tt_queue', { ifAvailable: true }, (lock) => (lock ? drain() : later(flushIntervalMs)))
          if (until('ql') > now()) return later(flushIntervalMs)
          store.set('ql', now() + 30_000)
          return drain().finally(() => store.remove('ql'))
        })
        .catch(fail))

    /** The page is hidden or unloading: rescue what is not written yet, beacon what is not delivered. */
    const hide = () => {
      // The lease (where Web Locks are missing) goes with the page: a page left in the middle of a
      // delivery would hold it for 30 s, and the next page's events with it. A tab only hidden may
      // let another send at once meanwhile: a duplicate, never a loss.
      store.remove('ql')
      // An IndexedDB write in progress may die with the page; localStorage is synchronous.
      // Each rescue is a key of its own, written once: localStorage has no transactions, and tabs
      // in other processes see a write late, so pages adding to one key would overwrite each other.
      // Once: a closing tab is hidden (visibilitychange), then unloads (pagehide), and the next page
      // takes in each rescue whole: an event rescued twice would be queued twice.
      !at && unwritten.size && store.set('q.' + Math.random(), [...unwritten])
      unwritten.clear()
      // What goes by beacon stays queued (a beacon is never confirmed): the next page sends it again.
      if (navigator.onLine) for (const body of bodies([...unsent.values()], now())) {
        // Over the browser's beacon quota the rest waits for the next page.
        if (!beacon(url, body)) break
        without(JSON.parse(body).batch)
      }
    }
    const offHide = onHide(hide)

    // Back online, send at once (unless a backoff still runs).
    addEventListener('online', pump)
    // Events left by an earlier page or a closed tab go out with this page's first batch (or, before
    // consent, with the first batch after it).
    later(flushIntervalMs)

    return {
      send(events) {
        events.map((e) => unsent.set(e.messageId, e))
        write(events)
        // A hidden page may be frozen or discarded before a task runs: what arrives then (a plugin
        // tracking in its own hide listener) is beaconed at once.
        if (document.hidden) hide()
        // A burst (core hands over what one task tracked) goes at once; a trickle waits for the timer.
        else if (events.length >= maxBatchSize) pump()
      },
      flush: pump as () => Promise<void>,
      clear() {
        gen++
        stop()
        unsent.clear()
        for (const s of stores) {
          try {
            s._clear()
          } catch {}
        }
      },
      destroy() {
        stop()
        removeEventListener('online', pump)
        offHide()
      },
    }
  }
}

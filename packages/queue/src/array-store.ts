import type { TrackerEvent } from '@touchtrail/core'
import type { QueueStore } from './store.js'

/**
 * A queue loaded and saved whole by synchronous functions, its events keyed by messageId: the
 * localStorage fallback and the memory queue. Each change runs at once (a quota error rejects it),
 * so it is atomic towards other tabs.
 */
export function arrayStore(load: () => TrackerEvent[], save: (all: TrackerEvent[]) => void): QueueStore {
  return {
    _add: async (events) => save(load().concat(events)),
    _count: async () => load().length,
    _head: async (n) => load().slice(0, n),
    _drop: async (events) => {
      const ids = new Set(events.map((e) => e.messageId))
      save(load().filter((e) => !ids.has(e.messageId)))
    },
    _clear: () => save([]),
  }
}

/**
 * The queue in localStorage, where IndexedDB is missing or fails, under `tt_q` (core's clearing on a refusal
 * also removes every `tt_` key); the key goes when the queue is empty.
 */
export const localStore = (): QueueStore =>
  arrayStore(
    () => JSON.parse(localStorage.tt_q || '[]'),
    (all) => (all.length ? (localStorage.tt_q = JSON.stringify(all)) : delete localStorage.tt_q),
  )

/** The queue in memory: `storage: 'memory' | 'none'`, or when no device storage works. */
export function memoryStore(): QueueStore {
  let mem: TrackerEvent[] = []
  return arrayStore(() => mem, (all) => (mem = all))
}

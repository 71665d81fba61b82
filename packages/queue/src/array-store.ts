import type { TrackerEvent } from '@touchtrail/core'
import type { QueueStore } from './store.js'

/**
 * A queue loaded and saved whole by synchronous functions: the localStorage fallback and the
 * memory queue. Each change runs at once (a quota error rejects it), so it is atomic towards other
 * tabs, which only append while the lock holder removes from the front.
 */
export function arrayStore(load: () => TrackerEvent[], save: (all: TrackerEvent[]) => void): QueueStore {
  return {
    _all: async () => load(),
    _update: async (fn) => save(fn(load())),
    _clear: () => save([]),
  }
}

/**
 * The queue in localStorage, where IndexedDB is missing or fails, under `tt_q` (core's `reset()`
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

import type { TrackerEvent } from '@touchtrail/core'

/** Where the queue lives: `context.queue` on every event says which. */
export type QueueKind = 'indexeddb' | 'localstorage' | 'memory'

/**
 * Where the queue is kept: events in the order they were added, shared by the tabs of a site.
 * Any tab appends; only the tab holding the lock removes, and only from the front.
 */
export interface QueueStore {
  /** Every event, oldest first. */
  _all(): Promise<TrackerEvent[]>
  /** Replace the queue with `fn(queue)` in one atomic step. */
  _update(fn: (all: TrackerEvent[]) => TrackerEvent[]): Promise<unknown>
  /** Remove everything this storage keeps on the device. May throw. */
  _clear(): void
}

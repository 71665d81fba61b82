import type { TrackerEvent } from '@touchtrail/core'

/** Where the queue is kept: `context.queue` on every event says which. */
export type QueueKind = 'indexeddb' | 'localstorage' | 'memory'

/**
 * Where the queue is kept: events in the order they were added, shared by the tabs of a site.
 * Any tab appends; only the tab holding the lock removes. Every operation costs what it touches,
 * not what the queue holds, so a long offline backlog never makes a long task.
 */
export interface QueueStore {
  /** Append events, in order, in one atomic step. */
  _add(events: TrackerEvent[]): Promise<unknown>
  /** How many events are queued. */
  _count(): Promise<number>
  /** The oldest `n` events (fewer when fewer wait), oldest first. */
  _head(n: number): Promise<TrackerEvent[]>
  /**
   * Remove exactly these events, read by `_head`: removing one that is already gone (a lease race)
   * does nothing, and none that another tab added meanwhile goes.
   */
  _drop(events: TrackerEvent[]): Promise<unknown>
  /** Remove everything this storage keeps on the device. May throw. */
  _clear(): void
}

import { httpError } from './http-error.js'
import type { Store, StoredEvent } from './store/types.js'

/** Options of {@link createWriteQueue}. */
export interface WriteQueueOptions {
  /** The most rows one transaction takes; a request's rows are never split across two. @default 5000 */
  maxRowsPerWrite?: number
}

/** Groups the writes of concurrent requests into one transaction each; see {@link createWriteQueue}. */
export interface WriteQueue {
  /**
   * Stores one request's rows (distinct `messageId`s) all or nothing, and resolves to how many were new.
   * Rejects with a 503 `httpError` when the store failed, having written none of them, or when the queue is closed.
   */
  write(rows: readonly StoredEvent[]): Promise<number>
  /** Refuses new writes and resolves once every accepted write has been stored or has failed. */
  close(): Promise<void>
}

const RETRY = { 'retry-after': '5' }

interface Job {
  rows: readonly StoredEvent[]
  resolve(inserted: number): void
  reject(error: unknown): void
}

/**
 * Group commit: while one transaction runs, the requests that arrive queue up, and the next transaction takes
 * them all. A commit costs about the same for 50 rows as for 5000 (DuckDB's is a few milliseconds, mostly the
 * write-ahead-log sync), so under load the collector does few, large commits, and at rest a lone request is
 * written at once, with no timer to wait for.
 *
 * Each request's rows go into one transaction, so a request is stored whole or not at all. If a grouped
 * transaction fails, each of its requests is retried alone, so one request the database refuses cannot fail the
 * requests that happened to share its transaction.
 *
 * @example
 * const queue = createWriteQueue(store)
 * const inserted = await queue.write(rows) // rows.length - inserted were duplicates
 */
export function createWriteQueue(store: Store, options: WriteQueueOptions = {}): WriteQueue {
  const { maxRowsPerWrite = 5000 } = options
  const pending: Job[] = []
  let running: Promise<void> | undefined
  let closed = false

  async function flush(): Promise<void> {
    try {
      for (let first = true; pending.length > 0; first = false) {
        // Before the next group, one turn of the event loop: batches whose answers from the ingest worker (or whose
        // requests) are already waiting join this group rather than the one after. A transaction costs DuckDB about
        // 4 ms however few its rows, so fuller groups are cheaper per event; the turn itself costs no waiting.
        if (!first) await new Promise((resolve) => setImmediate(resolve))
        const group: Job[] = [pending.shift()!]
        let size = group[0].rows.length
        while (pending.length > 0 && size + pending[0].rows.length <= maxRowsPerWrite) {
          size += pending[0].rows.length
          group.push(pending.shift()!)
        }
        await writeGroup(group)
      }
    } finally {
      // Cleared in the same step that found the queue empty: a write arriving later starts a new flush, and none
      // can slip in between and wait for a flush that has already ended.
      running = undefined
    }
  }

  async function writeGroup(group: Job[]): Promise<void> {
    // The same messageId may come in two requests of one group (a client retrying before its first answer):
    // the first request stores it, the later one counts it as a duplicate, as if it had come a moment later.
    const seen = new Set<string>()
    const mine = group.map((job) => job.rows.filter((row) => !seen.has(row.messageId) && seen.add(row.messageId)))
    try {
      const inserted = await store.insert(mine.flat())
      group.forEach((job, i) => job.resolve(mine[i].filter((row) => inserted.has(row.messageId)).length))
    } catch (error) {
      // 503 with Retry-After: nothing of the request was stored, so the client's queue may safely send it again.
      if (group.length === 1) {
        return group[0].reject(httpError(503, 'could not store the batch; nothing of it was stored, retry later', RETRY, error))
      }
      for (const job of group) await writeGroup([job])
    }
  }

  return {
    write(rows) {
      if (closed) return Promise.reject(httpError(503, 'the collector is shutting down; retry later', RETRY))
      if (rows.length === 0) return Promise.resolve(0)
      return new Promise<number>((resolve, reject) => {
        pending.push({ rows, resolve, reject })
        running ??= flush()
      })
    },
    async close() {
      closed = true
      await running
    },
  }
}

import { promisifyRequest } from 'idb-keyval'
import type { TrackerEvent } from '@touchtrail/core'
import type { QueueStore } from './store.js'

/** Where an event `_head` read says its key, for `_drop`: a symbol, so it never reaches the wire. */
const KEY = Symbol()

/** The database: version 2 has the object store `e`, one record per event under an increasing key. */
const NAME = 'touchtrail'

/**
 * The queue in IndexedDB, shared by every tab of the origin: one record per event, under a key the
 * database increases with every add, so the oldest come first whichever tab added them. Each
 * operation touches only what it names: appending a burst, counting, reading the first batch and
 * deleting exactly its keys cost the same with ten events queued or ten thousand. (One array in
 * one record, read and written whole on every change, cost a 50 ms task per burst at a thousand
 * events queued and 300 ms at ten thousand, in Chromium on this project's CI machine.)
 *
 * It is an idb-keyval custom store (a `UseStore` with idb-keyval's `promisifyRequest`), not
 * `createStore()`: that defaults to idb-keyval's own database (its code comes along), and this one
 * must be deletable: the connection closes when a tab deletes the database (`versionchange`), so the
 * deletion is not blocked, and reopens on next use. A blocked open counts as a failure, so the queue
 * falls back instead of waiting.
 */
export function idbStore(): QueueStore {
  let db: Promise<IDBDatabase> | undefined
  /** Make requests in one transaction; once it has committed, their results. */
  const use = (mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest[]): Promise<any[]> =>
    (db ||= new Promise((resolve, reject) => {
      const r = indexedDB.open(NAME, 2)
      r.onupgradeneeded = () => r.result.createObjectStore('e', { autoIncrement: true })
      r.onsuccess = () => {
        r.result.onversionchange = () => {
          r.result.close()
          db = undefined
        }
        resolve(r.result)
      }
      r.onerror = reject
    })).then((d) => {
      const s = d.transaction('e', mode).objectStore('e')
      const requests = fn(s)
      return promisifyRequest(s.transaction).then(() => requests.map((r) => r.result))
    })
  return {
    _add: (events) => use('readwrite', (s) => events.map((e) => s.add(e))),
    _count: () => use('readonly', (s) => [s.count()]).then(([n]) => n),
    _head: (n) =>
      use('readonly', (s) => [s.getAllKeys(null, n), s.getAll(null, n)]).then(([k, events]) =>
        events.map((e: TrackerEvent & { [KEY]?: IDBValidKey }, i: number) => ((e[KEY] = k[i]), e)),
      ),
    _drop: (events) => use('readwrite', (s) => events.map((e: TrackerEvent & { [KEY]?: IDBValidKey }) => s.delete(e[KEY]!))),
    // Our own connection closes on the `versionchange` this deletion sends it, like every other tab's.
    // The next use opens a new one at once, queued behind the deletion: an event tracked right after
    // (a refusal taken back in the same task) lands in the new database, not in the one going away.
    // (That `versionchange` may then drop the new connection too, so one more opens on the use after:
    // one connection spare per refusal, closed with the page or by the next deletion; a check cost
    // 12 B.)
    _clear: () => {
      db = undefined
      indexedDB.deleteDatabase(NAME)
    },
  }
}

import { promisifyRequest } from 'idb-keyval'
import type { QueueStore } from './store.js'

/** The database, with one object store `q` holding the queue as one array under the key `q`. */
const NAME = 'touchtrail'

/**
 * The queue in IndexedDB, shared by every tab of the origin: one array, changed by a read and a
 * write in one transaction, so tabs never overwrite each other. One record rather than one per
 * event: IndexedDB's cost is per request (a thousand adds take a hundred milliseconds, one array of
 * a thousand events five).
 *
 * It is an idb-keyval custom store (a `UseStore` with idb-keyval's `promisifyRequest`), not
 * `createStore()` with `get()`/`update()`: those default to idb-keyval's own database (its code
 * comes along), and this one must be deletable: the connection closes when a tab deletes the
 * database (`versionchange`), so the deletion is not blocked, and reopens on next use. A blocked
 * open counts as a failure, so the queue falls back instead of waiting.
 */
export function idbStore(): QueueStore {
  let db: Promise<IDBDatabase> | undefined
  const use = (mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest) =>
    (db ||= new Promise((resolve, reject) => {
      const r = indexedDB.open(NAME)
      r.onupgradeneeded = () => r.result.createObjectStore('q')
      r.onsuccess = () => {
        r.result.onversionchange = () => {
          r.result.close()
          db = undefined
        }
        resolve(r.result)
      }
      r.onerror = reject
    })).then((d) => {
      const s = d.transaction('q', mode).objectStore('q')
      const req = fn(s)
      return promisifyRequest(s.transaction).then(() => req.result || [])
    })
  return {
    _all: () => use('readonly', (s) => s.get('q')),
    _update: (fn) =>
      use('readwrite', (s) => {
        const r = s.get('q')
        r.onsuccess = () => s.put(fn(r.result || []), 'q')
        return r
      }),
    // Our own connection closes on the `versionchange` this deletion sends it, like every other tab's.
    _clear: () => indexedDB.deleteDatabase(NAME),
  }
}

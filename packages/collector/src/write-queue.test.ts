// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { enrichEvent } from './enrich.js'
import type { TouchpointEvent } from './schema.js'
import type { Store, StoredEvent } from './store/types.js'
import { pageEvent } from './test/events.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'
import { createWriteQueue } from './write-queue.js'

const databases = useDatabases()

const rowsOf = (ids: string[]): StoredEvent[] =>
  ids.map((messageId) => enrichEvent(pageEvent({ messageId }) as unknown as TouchpointEvent, Date.now(), { receivedAtMs: Date.now() }))

/** The real store, with each insert call (one transaction) recorded. */
function recording(store: Store) {
  const transactions: number[] = []
  const recorded: Store = { ...store, insert: (rows) => (transactions.push(rows.length), store.insert(rows)) }
  return { store: recorded, transactions }
}

describe.each(STORE_KINDS)('write queue on %s', (kind) => {
  test('groups concurrent requests into few transactions and counts what each stored', { timeout: DB_TIMEOUT_MS }, async () => {
    const { store, transactions } = recording(await databases.openStore(kind))
    const queue = createWriteQueue(store)
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.write(rowsOf([`g-${i}-a`, `g-${i}-b`]))))
    expect(counts).toEqual(Array(20).fill(2))
    // The first request is written alone, the other 19 queue up behind it and go in together.
    expect(transactions).toEqual([2, 38])
    expect(await countEvents(store, 'g-')).toBe(40)
  })

  test('stores an id sent by two requests of one group once, for the first of them', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const queue = createWriteQueue(store)
    const first = queue.write(rowsOf(['lead']))
    const counts = await Promise.all([first, queue.write(rowsOf(['x', 'y'])), queue.write(rowsOf(['y', 'z']))])
    expect(counts).toEqual([1, 2, 1])
    expect(await countEvents(store)).toBe(4)
  })

  test('splits a group by maxRowsPerWrite without splitting a request', { timeout: DB_TIMEOUT_MS }, async () => {
    const { store, transactions } = recording(await databases.openStore(kind))
    const queue = createWriteQueue(store, { maxRowsPerWrite: 5 })
    await Promise.all([['a'], ['b', 'c', 'd'], ['e', 'f'], ['g', 'h', 'i', 'j', 'k', 'l']].map((ids) => queue.write(rowsOf(ids))))
    expect(transactions).toEqual([1, 5, 6])
  })

  test('fails only the request the database refuses when a group fails', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const queue = createWriteQueue(store)
    const lead = queue.write(rowsOf(['lead-2']))
    const broken = { ...rowsOf(['broken'])[0], type: null } as unknown as StoredEvent
    const results = await Promise.allSettled([lead, queue.write(rowsOf(['ok-1'])), queue.write([broken, ...rowsOf(['with-broken'])]), queue.write(rowsOf(['ok-2']))])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ statusCode: 503, message: 'could not store the batch; nothing of it was stored, retry later' })
    expect(await countEvents(store)).toBe(3)
    expect(await countEvents(store, 'with-broken')).toBe(0)
  })

  test('finishes accepted writes on close and refuses new ones with 503', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const queue = createWriteQueue(store)
    const writes = [queue.write(rowsOf(['c-1'])), queue.write(rowsOf(['c-2', 'c-3']))]
    await queue.close()
    expect(await Promise.all(writes)).toEqual([1, 2])
    await expect(queue.write(rowsOf(['late']))).rejects.toMatchObject({ statusCode: 503, message: 'the collector is shutting down; retry later' })
    expect(await countEvents(store)).toBe(3)
  })
})

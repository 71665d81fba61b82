// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { enrichEvent } from '../enrich.js'
import type { TouchpointEvent } from '../schema.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from '../test/stores.js'
import { IPHONE_UA, pageEvent } from '../test/events.js'
import { COLUMNS } from './columns.js'
import { createStore } from './index.js'
import type { StoredEvent } from './types.js'

const databases = useDatabases()

/** A stored row made the way the server makes it, at a chosen time. */
function row(overrides: Record<string, unknown> = {}, at = Date.now()): StoredEvent {
  const event = pageEvent(overrides) as unknown as TouchpointEvent
  return enrichEvent(event, at, { receivedAtMs: at, userAgent: IPHONE_UA })
}

describe.each(STORE_KINDS)('%s store', (kind) => {
  test('creates the schema at version 1 with one column per StoredEvent field', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    expect(await store.query('SELECT version FROM schema_version')).toEqual([{ version: 1 }])
    const columns = await store.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
    )
    expect(columns.map((c) => c.column_name)).toEqual(COLUMNS.map((c) => c.name))
  })

  test('migrates once: reopening keeps the data and the version', { timeout: DB_TIMEOUT_MS }, async () => {
    const url = await databases.dbUrl(kind)
    const first = await createStore(url)
    await first.insert([row({ messageId: 'kept' })])
    await first.close()
    const second = await createStore(url)
    try {
      expect(await second.query('SELECT count(*) AS n FROM schema_version')).toEqual([{ n: 1 }])
      expect(await countEvents(second)).toBe(1)
    } finally {
      await second.close()
    }
  })

  test('refuses a database whose schema is newer than the collector', { timeout: DB_TIMEOUT_MS }, async () => {
    const url = await databases.dbUrl(kind)
    const store = await createStore(url)
    // A writable DuckDB connection of the store's own does the update; PostgreSQL takes it from any connection.
    await store.query('INSERT INTO schema_version (version, applied_at) VALUES (99, now())')
    await store.close()
    await expect(createStore(url)).rejects.toThrow('schema version 99, newer than this collector')
  })

  test('inserts new rows, skips stored ids, and says which ids were new', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const a = row({ messageId: 'a' })
    const b = row({ messageId: 'b' })
    expect(await store.insert([a, b])).toEqual(new Set(['a', 'b']))
    expect(await store.insert([b, row({ messageId: 'c' })])).toEqual(new Set(['c']))
    expect(await countEvents(store)).toBe(3)
  })

  test('writes a batch whole or not at all', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    // NOT NULL on type: the database itself refuses the third row, after two good ones.
    const broken = { ...row({ messageId: 'broken' }), type: null } as unknown as StoredEvent
    await expect(store.insert([row({ messageId: 'good-1' }), row({ messageId: 'good-2' }), broken])).rejects.toThrow()
    expect(await countEvents(store)).toBe(0)
    // And the store still works afterwards.
    expect(await store.insert([row({ messageId: 'good-1' })])).toEqual(new Set(['good-1']))
  })

  test('reads back every field as it was written', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const written = row({ messageId: "it's \"quoted\" -- ; DROP TABLE events;", userId: 'u-1' })
    await store.insert([written])
    const read: StoredEvent[] = []
    for await (const event of store.scan()) read.push(event)
    expect(read).toHaveLength(1)
    const { json, ...typed } = read[0]
    const { json: writtenJson, ...writtenTyped } = written
    expect(typed).toEqual(writtenTyped)
    // PostgreSQL's jsonb normalises key order and spacing; the content is the same.
    expect(JSON.parse(json)).toEqual(JSON.parse(writtenJson))
    expect(typed).toMatchObject({ browserName: 'Mobile Safari', osName: 'iOS', deviceType: 'mobile', site: 'shop-1' })
  })

  test('scans in timestamp order, within [from, to), across many pages', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const start = Date.parse('2026-11-23T00:00:00.000Z')
    // More rows than one PostgreSQL scan page, inserted in reverse order, several sharing a timestamp.
    const rows = Array.from({ length: 4500 }, (_, i) => row({ messageId: `m-${String(i).padStart(5, '0')}` }, start + Math.floor(i / 3) * 1000))
    await store.insert(rows.reverse())
    const all: string[] = []
    for await (const event of store.scan()) all.push(event.messageId)
    expect(all).toEqual(rows.map((r) => r.messageId).sort())
    const window: string[] = []
    for await (const event of store.scan({ from: new Date(start + 10_000), to: new Date(start + 12_000) })) window.push(event.messageId)
    expect(window).toEqual(['m-00030', 'm-00031', 'm-00032', 'm-00033', 'm-00034', 'm-00035'])
  })

  test('answers parameterised SQL with plain JavaScript values', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const at = Date.parse('2026-11-23T07:00:00.000Z')
    await store.insert([row({ messageId: 'q1' }, at), row({ messageId: 'q2' }, at + 1000)])
    const rows = await store.query(
      'SELECT count(*) AS n, max(timestamp) AS last, max(session_id) AS session FROM events WHERE timestamp >= $1 AND site = $2',
      [new Date(at), 'shop-1'],
    )
    expect(rows).toEqual([{ n: 2, last: new Date(at + 1000), session: 1763881200000 }])
  })

  test('erases a visitor by anonymous id or user id and counts what it deleted', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    await store.insert([
      row({ messageId: 'e1', anonymousId: 'visitor-a' }),
      row({ messageId: 'e2', anonymousId: 'visitor-a', userId: 'user-a' }),
      row({ messageId: 'e3', anonymousId: 'visitor-b', userId: 'user-a' }),
      row({ messageId: 'e4', anonymousId: 'visitor-c' }),
    ])
    expect(await store.erase({ anonymousId: 'visitor-a' })).toBe(2)
    expect(await store.erase({ userId: 'user-a' })).toBe(1)
    expect(await store.erase({ anonymousId: 'nobody' })).toBe(0)
    await expect(store.erase({})).rejects.toThrow('needs an anonymousId or a userId')
    expect(await countEvents(store)).toBe(1)
  })
})

// @vitest-environment node
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { DuckDBInstance } from '@duckdb/node-api'
import { expect, test } from 'vitest'
import { enrichEvent } from '../enrich.js'
import type { TouchpointEvent } from '../schema.js'
import { pageEvent } from '../test/events.js'
import { DB_TIMEOUT_MS, useDatabases } from '../test/stores.js'
import { hasZstd } from './duckdb.js'
import { createStore } from './index.js'

const databases = useDatabases()

// A full garbage collection on demand, as `node --expose-gc` would give.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

/** Stores 200 page events in the DuckDB file and closes it, which checkpoints them into the file. */
async function fill(path: string): Promise<void> {
  const store = await createStore(path)
  const at = Date.now()
  await store.insert(Array.from({ length: 200 }, (_, i) => enrichEvent(pageEvent({ messageId: `c-${i}` }) as unknown as TouchpointEvent, at, { receivedAtMs: at })))
  await store.close()
}

/** How DuckDB compressed the stored event JSON, read from the file. */
async function payloadCompression(path: string): Promise<string[]> {
  const store = await createStore(path, { readOnly: true })
  try {
    const rows = await store.query(
      "SELECT DISTINCT compression FROM pragma_storage_info('events') WHERE column_name = 'payload' AND segment_type = 'VARCHAR'",
    )
    return rows.map((row) => String(row.compression))
  } finally {
    await store.close()
  }
}

test('a new file keeps the event JSON with zstd, in DuckDB 1.2’s storage format', { timeout: DB_TIMEOUT_MS }, async () => {
  const path = await databases.dbUrl('duckdb')
  await fill(path)
  expect(await payloadCompression(path)).toEqual(['ZSTD'])
})

test('zstd is asked for only where the file’s format has it: a file in the older format keeps DuckDB’s choice', { timeout: DB_TIMEOUT_MS }, async () => {
  // Asked for in an older file, zstd would silently fall back to no compression at all.
  const formatHasZstd = async (path: string, config: Record<string, string>) => {
    const instance = await DuckDBInstance.create(path, config)
    const connection = await instance.connect()
    try {
      return await hasZstd(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS())
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  }
  // DuckDB's defaults make the older format (v1.0), as an earlier collector or another tool would.
  expect(await formatHasZstd(await databases.dbUrl('duckdb'), {})).toBe(false)
  expect(await formatHasZstd(await databases.dbUrl('duckdb'), { storage_compatibility_version: 'v1.2.0' })).toBe(true)
  // And the store keeps an older file in its format, working as before.
  const path = await databases.dbUrl('duckdb')
  await formatHasZstd(path, {})
  await fill(path)
  expect(await formatHasZstd(path, {})).toBe(false)
  const store = await createStore(path, { readOnly: true })
  try {
    expect(await store.query('SELECT count(*) AS n FROM events')).toEqual([{ n: 200 }])
  } finally {
    await store.close()
  }
})

test('a batch refused for a stored id leaves nothing behind that could spoil a later transaction', { timeout: DB_TIMEOUT_MS }, async () => {
  const store = await databases.openStore('duckdb')
  const at = Date.now()
  const row = (messageId: string) => enrichEvent(pageEvent({ messageId }) as unknown as TouchpointEvent, at, { receivedAtMs: at })
  await store.insert([row('kept')])
  // The appender refuses this batch for 'kept'; the store then stores the new row through its slower path.
  expect(await store.insert([row('kept'), row('new-1')])).toEqual(new Set(['new-1']))
  // The refused appender is collected now: had it kept its rows, DuckDB would flush them on the way out, inside the
  // transaction the store has begun for its next write, and abort it.
  collectGarbage()
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(await store.insert([row('new-2')])).toEqual(new Set(['new-2']))
})

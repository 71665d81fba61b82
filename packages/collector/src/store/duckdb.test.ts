// @vitest-environment node
import { DuckDBInstance } from '@duckdb/node-api'
import { expect, test } from 'vitest'
import { enrichEvent } from '../enrich'
import type { TouchpointEvent } from '../schema'
import { pageEvent } from '../test/events'
import { DB_TIMEOUT_MS, useDatabases } from '../test/stores'
import { createStore } from './index'

const databases = useDatabases()

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

test('a file in the older format keeps DuckDB’s own choice, never an uncompressed fallback', { timeout: DB_TIMEOUT_MS }, async () => {
  const path = await databases.dbUrl('duckdb')
  // An empty file made by DuckDB's defaults (storage format v1.0), as an earlier collector or another tool would.
  const instance = await DuckDBInstance.create(path)
  instance.closeSync()
  await fill(path)
  const compression = await payloadCompression(path)
  expect(compression.length).toBeGreaterThan(0)
  expect(compression).not.toContain('ZSTD')
  expect(compression).not.toContain('Uncompressed')
})

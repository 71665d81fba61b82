import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { startPostgres, type ThrowawayPostgres } from '../../scripts/throwaway-postgres.mjs'
import { createStore } from '../store/index.js'
import type { Store } from '../store/types.js'

/** The two stores every storage-facing test runs against, for `describe.each`. */
export const STORE_KINDS = ['duckdb', 'postgres'] as const
export type StoreKind = (typeof STORE_KINDS)[number]

/** Generous: initdb and a cold start of PostgreSQL take seconds on a busy two-core machine. */
export const DB_TIMEOUT_MS = 60_000

/**
 * Real databases for one test file: a fresh DuckDB file in a temporary folder, or a fresh database in a
 * throwaway PostgreSQL server started on first use. Everything is closed, stopped and deleted after the file.
 */
export function useDatabases() {
  let postgres: Promise<ThrowawayPostgres> | undefined
  let dir: string | undefined
  const stores: Store[] = []

  afterAll(async () => {
    for (const store of stores) await store.close()
    if (postgres) await (await postgres).stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, DB_TIMEOUT_MS)

  /** A `--db` value naming a new, empty database of this kind. */
  async function dbUrl(kind: StoreKind): Promise<string> {
    if (kind === 'postgres') {
      postgres ??= startPostgres()
      return (await postgres).createDatabase()
    }
    dir ??= mkdtempSync(join(tmpdir(), 'touchtrail-test-'))
    return join(dir, `${randomUUID()}.duckdb`)
  }

  /** Opens a store on a new, empty database; closed after the file. */
  async function openStore(kind: StoreKind): Promise<Store> {
    const store = await createStore(await dbUrl(kind))
    stores.push(store)
    return store
  }

  return { dbUrl, openStore }
}

/** Counts the stored events, optionally only those whose message id starts with `prefix`. */
export async function countEvents(store: Store, prefix = ''): Promise<number> {
  const [row] = await store.query('SELECT count(*) AS n FROM events WHERE message_id LIKE $1', [`${prefix}%`])
  return Number(row.n)
}

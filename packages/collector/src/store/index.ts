import { createDuckDbStore } from './duckdb.js'
import { createPostgresStore } from './postgres.js'
import type { Store } from './types.js'

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** Open a DuckDB file without writing or migrating, as `export` does. PostgreSQL ignores it. @default false */
  readOnly?: boolean
}

/** The database a `--db` value names. */
export type DbTarget = { kind: 'postgres'; url: string } | { kind: 'duckdb'; path: string }

/**
 * Reads a `--db` value: a `postgres://` or `postgresql://` URL, or else a DuckDB file path with or without a
 * `duckdb:` prefix (`:memory:` for an in-memory DuckDB). The one place that does, so every command reads it alike.
 *
 * @example
 * resolveDb('duckdb:./shop.duckdb') // { kind: 'duckdb', path: './shop.duckdb' }
 */
export function resolveDb(value: string): DbTarget {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value }
  return { kind: 'duckdb', path: value.replace(/^duckdb:/i, '') }
}

/**
 * Opens the store a `--db` value names (see {@link resolveDb}). Creates and migrates the schema on the way.
 *
 * @example
 * const store = await createStore('./touchtrail.duckdb')
 * const pgStore = await createStore('postgres://user@127.0.0.1:5432/touchtrail')
 */
export function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  const db = resolveDb(url)
  return db.kind === 'postgres' ? createPostgresStore(db.url) : createDuckDbStore(db.path, options)
}

export type { EraseBy, ScanOptions, Store, StoredEvent } from './types.js'


import { createDuckDbStore } from './duckdb'
import { createPostgresStore } from './postgres'
import type { Store } from './types'

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** Open a DuckDB file without writing or migrating, as `export` does. PostgreSQL ignores it. @default false */
  readOnly?: boolean
}

/**
 * Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL, or else a DuckDB file path
 * (`:memory:` for an in-memory DuckDB). Creates and migrates the schema on the way.
 *
 * @example
 * const store = await createStore('./touchtrail.duckdb')
 * const pgStore = await createStore('postgres://user@127.0.0.1:5432/touchtrail')
 */
export function createStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(url)) return createPostgresStore(url)
  return createDuckDbStore(url.replace(/^duckdb:/i, ''), options)
}

export type { EraseBy, ScanOptions, Store, StoredEvent } from './types'


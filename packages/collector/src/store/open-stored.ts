import { existsSync } from 'node:fs'
import { createStore, resolveDb, type StoreOptions } from './index.js'
import type { Store } from './types.js'

/** Options of {@link openStored}. */
export interface OpenStoredOptions extends StoreOptions {
  /** Added to the error when another process (a running collector) holds the DuckDB file: what to do instead. */
  lockHint?: string
}

/**
 * Opens the database of a command that works on what a collector stored (`export`, `report`, `erase`). A DuckDB
 * file must exist: opening a missing one would create an empty one and answer nothing, hiding a typo in the path.
 *
 * @example
 * const store = await openStored('duckdb:./shop.duckdb', { readOnly: true, lockHint: 'Stop the collector first.' })
 */
export async function openStored(value: string, options: OpenStoredOptions = {}): Promise<Store> {
  const db = resolveDb(value)
  if (db.kind === 'duckdb' && db.path === ':memory:') throw new Error('--db :memory: is a new, empty database: name the file the collector stored its events in')
  if (db.kind === 'duckdb' && !existsSync(db.path)) throw new Error(`no DuckDB file at ${db.path}`)
  return createStore(value, options).catch((error: Error) => {
    throw new Error(options.lockHint && /lock/i.test(error.message) ? `${error.message}\n${options.lockHint}` : error.message)
  })
}

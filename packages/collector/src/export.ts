import { DuckDBInstance } from '@duckdb/node-api'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { EVENTS_TABLE, columnDefinitions } from './store/columns.js'
import { DUCKDB_TYPES, appendRow } from './store/duckdb.js'
import type { ScanOptions, Store } from './store/types.js'

/** The formats `export` writes. */
export const EXPORT_FORMATS = ['ndjson', 'csv', 'parquet'] as const
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Options of {@link exportEvents}. */
export interface ExportOptions extends ScanOptions {
  format: ExportFormat
  /** A file path, or a stream such as `process.stdout`. */
  out: string | NodeJS.WritableStream
}

/**
 * Writes every stored event (or those in `[from, to)`), oldest first, for a warehouse:
 * - `ndjson`: one enriched event JSON per line, exactly as stored (the original event plus `receivedAt`,
 *   `sentAt`, `originalTimestamp`, the corrected `timestamp`, and browser, OS and device in `context`);
 * - `csv` and `parquet`: one row per event with the typed columns and the event JSON in `payload`.
 *
 * CSV and Parquet are written by DuckDB (its writers quote, type and compress properly) from a scratch database
 * in a temporary folder, filled from `store.scan()`: the same path serves a DuckDB and a PostgreSQL store, and a
 * file-backed scratch database spills to disk instead of growing in memory.
 *
 * @returns the number of events written
 * @example
 * await exportEvents(store, { format: 'parquet', out: './events.parquet' })
 */
export async function exportEvents(store: Store, options: ExportOptions): Promise<number> {
  if (options.format === 'ndjson') return exportNdjson(store, options)
  const dir = await mkdtemp(join(tmpdir(), 'touchtrail-export-'))
  try {
    const instance = await DuckDBInstance.create(join(dir, 'scratch.duckdb'))
    const connection = await instance.connect()
    let count = 0
    try {
      await connection.run(`CREATE TABLE ${EVENTS_TABLE} (\n  ${columnDefinitions(DUCKDB_TYPES)}\n)`)
      const appender = await connection.createAppender(EVENTS_TABLE)
      for await (const row of store.scan(options)) {
        appendRow(appender, row)
        count++
      }
      appender.closeSync()
      const file = typeof options.out === 'string' ? options.out : join(dir, `export.${options.format}`)
      const format = options.format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet, COMPRESSION zstd'
      await connection.run(`COPY ${EVENTS_TABLE} TO '${file.replace(/'/g, "''")}' (${format})`)
      if (typeof options.out !== 'string') await pipeline(createReadStream(file), options.out, { end: false })
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
    return count
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function exportNdjson(store: Store, options: ExportOptions): Promise<number> {
  let count = 0
  async function* lines() {
    for await (const row of store.scan(options)) {
      count++
      yield `${row.json}\n`
    }
  }
  // pipeline respects backpressure (a slow disk or pipe must not pile the export up in memory) and turns a
  // write error into a rejection; a stream given by the caller, such as stdout, stays open.
  const toFile = typeof options.out === 'string'
  await pipeline(lines, toFile ? createWriteStream(options.out as string) : (options.out as NodeJS.WritableStream), { end: toFile })
  return count
}

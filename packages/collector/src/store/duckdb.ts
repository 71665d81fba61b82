import { DuckDBInstance, timestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api'
import { COLUMN_LIST, COLUMNS, EVENTS_TABLE, columnDefinitions, rowToEvent, scanFilter, sqlParams, type ColumnType } from './columns.js'
import { migrate, type Migration } from './migrate.js'
import { createSerial } from './serial.js'
import type { EraseBy, ScanOptions, Store, StoredEvent } from './types.js'

/** DuckDB's names for our column types. */
export const DUCKDB_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  bigint: 'BIGINT',
  json: 'JSON',
}

// The event JSON is stored as VARCHAR: the collector wrote it with JSON.stringify, so DuckDB's validation on the way
// into a JSON column (a parse of every payload) would only cost time. DuckDB's JSON functions read VARCHAR alike.
const EVENTS_TYPES: Record<ColumnType, string> = { ...DUCKDB_TYPES, json: 'VARCHAR' }

// DuckDB checkpoints the write-ahead log into the file when it reaches this size. Each checkpoint compresses
// again the row group still being filled (up to 122,880 rows), so at the default 16 MB an event is compressed
// many times over: measured here, 128 MB halves the CPU per stored event. The price: up to 128 MB of log to
// replay after a crash, and as much unflushed data in memory.
const CHECKPOINT_THRESHOLD = '128MB'

// One DuckDB thread for a store that writes. Ingest is one writer, and all a second thread did was compress a
// checkpoint's row groups in parallel while the committing thread spun waiting for it: measured, about 8 µs of CPU
// per stored event on two cores shared with the collector's JavaScript. Reports spend their time in JavaScript, not
// in DuckDB; `export` and the `report` command open the file read-only and keep DuckDB's default (one per core).
const WRITER_THREADS = '1'

// New files are written in DuckDB 1.2's storage format (read by DuckDB 1.2 and later), the first with zstd for
// strings. Files made before keep their format: DuckDB never upgrades a file on its own.
const STORAGE_VERSION = 'v1.2.0'

/**
 * The schema. The payload column is compressed with zstd where the file's format has it: DuckDB would otherwise try
 * dictionary and FSST compression on the event JSON at every checkpoint and pick FSST, which costs about three times
 * the CPU of zstd and leaves a file five times larger (measured on the benchmark's events, 1.2 KB of JSON each). A
 * file in an older format gets DuckDB's own choice, as before.
 *
 * No secondary indexes: DuckDB scans columns fast with zone maps, while every ART index slows inserts down and
 * must fit in memory. The primary key is the one index, and dedupe needs it.
 */
function migrations(zstd: boolean): Migration[] {
  const types = zstd ? { ...EVENTS_TYPES, json: `${EVENTS_TYPES.json} USING COMPRESSION zstd` } : EVENTS_TYPES
  return [
    {
      version: 1,
      statements: [`CREATE TABLE ${EVENTS_TABLE} (\n  ${columnDefinitions(types, 1)},\n  PRIMARY KEY (message_id)\n)`],
    },
  ]
}

/** Options of {@link createDuckDbStore}. */
export interface DuckDbStoreOptions {
  /** Open without writing (for `export`); the file must exist and already be migrated. @default false */
  readOnly?: boolean
}

/**
 * Opens (creating if needed) a DuckDB file, migrates it, and returns a {@link Store} on it. `:memory:` opens an
 * in-memory database.
 *
 * Only one process can open a DuckDB file for writing at a time: the collector holds the file while it runs.
 *
 * @example
 * const store = await createDuckDbStore('./touchtrail.duckdb')
 */
export async function createDuckDbStore(path: string, options: DuckDbStoreOptions = {}): Promise<Store> {
  // No TimeZone setting: it needs DuckDB's icu extension, which may not be installable; timestamps are UTC anyway.
  const config: Record<string, string> = { checkpoint_threshold: CHECKPOINT_THRESHOLD }
  if (options.readOnly) config.access_mode = 'READ_ONLY'
  else Object.assign(config, { storage_compatibility_version: STORAGE_VERSION, threads: WRITER_THREADS })
  const instance = await DuckDBInstance.create(path, config).catch((error: Error) => {
    throw new Error(`cannot open DuckDB file ${path}: ${error.message}`)
  })
  const writer = await instance.connect()
  const run = async (sql: string, params?: unknown[]) =>
    (await writer.runAndReadAll(sql, params && sqlParams(params))).getRowObjectsJS()
  try {
    if (!options.readOnly) {
      await migrate(run, migrations(await hasZstd(run)))
      // For batches that repeat stored ids (see insert): the appender cannot skip duplicates, so such rows are
      // appended here first. A temporary table is private to this connection and never written to disk.
      await writer.run(`CREATE TEMP TABLE staging AS SELECT * FROM ${EVENTS_TABLE} LIMIT 0`)
    }
  } catch (error) {
    writer.closeSync()
    instance.closeSync()
    throw error
  }
  const serial = createSerial()
  const readers = new Set<DuckDBConnection>()
  let closed = false

  /** A connection of its own for each read, so reads never land inside the writer's open transaction. */
  async function openReader(): Promise<DuckDBConnection> {
    if (closed) throw new Error('the store is closed')
    const connection = await instance.connect()
    readers.add(connection)
    return connection
  }
  function closeReader(connection: DuckDBConnection): void {
    if (readers.delete(connection)) connection.closeSync()
  }

  // The next write's transaction, begun as soon as the last one committed: under load the next group is ready a
  // moment later, and its BEGIN (a round trip through the thread pool while the main thread is busy) is no longer
  // on its way. Resolves to whether it began; an idle writer just holds an empty transaction until the next write.
  let begunAhead: Promise<boolean> | undefined

  /** Runs `work` in one transaction on the writer connection; rolls back on any error. */
  async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
    const ahead = begunAhead
    begunAhead = undefined
    if (!(await ahead)) await writer.run('BEGIN TRANSACTION')
    let result: T
    try {
      result = await work()
      await writer.run('COMMIT')
    } catch (error) {
      // Also needed after a failed append: DuckDB would accept a COMMIT of the aborted transaction silently.
      await writer.run('ROLLBACK').catch(() => {})
      throw error
    }
    if (!closed) begunAhead = writer.run('BEGIN TRANSACTION').then(() => true, () => false)
    return result
  }

  async function append(table: string, rows: readonly StoredEvent[]): Promise<void> {
    const appender = await writer.createAppender(table)
    try {
      for (const row of rows) appendRow(appender, row)
      // Closing flushes the rows into the table: this is where a duplicate primary key is refused.
      appender.closeSync()
    } catch (error) {
      try {
        // A refused flush leaves the rows in the appender, and DuckDB flushes an appender once more when it is
        // destroyed, which happens whenever the garbage collector gets to it: inside a later transaction, which
        // the refusal would then abort. Emptied first, it closes with nothing left to flush.
        appender.clear()
        appender.closeSync()
      } catch {
        // The append failed already; that first error is the one to report.
      }
      throw error
    }
  }

  async function insert(rows: readonly StoredEvent[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set()
    return serial.run(async () => {
      if (closed) throw new Error('the store is closed')
      // Fast path: a stored id comes back only when a client retries a batch that did arrive, so most batches
      // append straight into `events` (DuckDB's appender is its fastest way in).
      try {
        await inTransaction(() => append(EVENTS_TABLE, rows))
        return new Set(rows.map((row) => row.messageId))
      } catch (error) {
        if (!/duplicate key/i.test((error as Error).message)) throw error
      }
      // The primary key refused one: append to the private staging table instead, and move what is new with
      // INSERT … ON CONFLICT DO NOTHING, which also says which ids that was.
      return inTransaction(async () => {
        await append('staging', rows)
        const inserted = await writer.runAndReadAll(
          `INSERT INTO ${EVENTS_TABLE} SELECT * FROM staging ON CONFLICT DO NOTHING RETURNING message_id`,
        )
        await writer.run('DELETE FROM staging')
        return new Set(inserted.getColumnsJS()[0] as string[] | undefined)
      })
    })
  }

  async function* scan(options: ScanOptions = {}): AsyncGenerator<StoredEvent> {
    const { where, params } = scanFilter(options)
    const connection = await openReader()
    try {
      const sql = `SELECT ${COLUMN_LIST} FROM ${EVENTS_TABLE} ${where} ORDER BY timestamp, message_id`
      const result = await connection.stream(sql, params)
      for await (const rows of result.yieldRowObjectJs()) for (const row of rows) yield rowToEvent(row)
    } finally {
      closeReader(connection)
    }
  }

  async function query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const connection = await openReader()
    try {
      return (await connection.runAndReadAll(sql, sqlParams(params))).getRowObjectsJS().map(plainRow)
    } finally {
      closeReader(connection)
    }
  }

  async function erase(by: EraseBy): Promise<number> {
    if (!by.anonymousId && !by.userId) throw new Error('erase() needs an anonymousId or a userId')
    return serial.run(() =>
      inTransaction(async () => {
        const deleted = await run(
          `DELETE FROM ${EVENTS_TABLE} WHERE anonymous_id = $1 OR user_id = $2 RETURNING message_id`,
          [by.anonymousId ?? null, by.userId ?? null],
        )
        return deleted.length
      }),
    )
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    await serial.idle()
    // The transaction begun ahead is empty: closing the connection rolls it back.
    await begunAhead
    for (const connection of readers) closeReader(connection)
    writer.closeSync()
    // Closing the instance checkpoints the write-ahead log into the file.
    instance.closeSync()
  }

  return { kind: 'duckdb', insert, scan, query, erase, close }
}

/** Whether the open file's storage format has zstd compression for strings (DuckDB 1.2 and later). */
export async function hasZstd(run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<boolean> {
  const [row] = await run('SELECT tags FROM duckdb_databases() WHERE database_name = current_database()')
  const tags = (row?.tags ?? []) as { key: string; value: string }[]
  const version = /^v(\d+)\.(\d+)/.exec(tags.find((tag) => tag.key === 'storage_version')?.value ?? '')
  return version !== null && (Number(version[1]) > 1 || (Number(version[1]) === 1 && Number(version[2]) >= 2))
}

/** Appends one row in {@link COLUMNS} order, with the appender call for each column's type. */
export function appendRow(appender: DuckDBAppender, row: StoredEvent): void {
  for (const column of COLUMNS) {
    const value = row[column.field]
    if (value === null || value === undefined) appender.appendNull()
    // A plain TIMESTAMP into the TIMESTAMPTZ column: the same microseconds since the epoch (UTC), and a direct
    // binding call, where appendTimestampTZ goes through a generic value object (measured ~3x slower per call).
    else if (column.type === 'timestamp') appender.appendTimestamp(timestampValue(BigInt((value as Date).getTime()) * 1000n))
    else if (column.type === 'bigint') appender.appendBigInt(BigInt(value as number))
    else appender.appendVarchar(value as string)
  }
  appender.endRow()
}

/** DuckDB returns BIGINT as `bigint`; reports want plain numbers (exact below 2^53, which counts stay under). */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    if (typeof row[key] === 'bigint') row[key] = Number(row[key])
  }
  return row
}

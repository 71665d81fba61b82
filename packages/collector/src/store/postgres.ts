import pg from 'pg'
import { COLUMN_LIST, COLUMNS, EVENTS_TABLE, columnDefinitions, rowToEvent, scanFilter, sqlParams, type ColumnType } from './columns.js'
import { migrate, type Migration } from './migrate.js'
import type { EraseBy, ScanOptions, Store, StoredEvent } from './types.js'

const PG_TYPES: Record<ColumnType, string> = {
  text: 'text',
  timestamp: 'timestamptz',
  bigint: 'bigint',
  json: 'jsonb',
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE ${EVENTS_TABLE} (\n  ${columnDefinitions(PG_TYPES, 1)},\n  PRIMARY KEY (message_id)\n)`,
      // Reports read by time range; erasure finds a visitor's events.
      `CREATE INDEX events_timestamp ON ${EVENTS_TABLE} (timestamp, message_id)`,
      `CREATE INDEX events_anonymous_id ON ${EVENTS_TABLE} (anonymous_id)`,
      `CREATE INDEX events_user_id ON ${EVENTS_TABLE} (user_id)`,
    ],
  },
]

// Any stable number: collectors starting together take turns migrating.
const MIGRATION_LOCK = 'SELECT pg_advisory_xact_lock(7361827)'
const SCAN_PAGE_ROWS = 2000

/** Type parsers shared by every connection: see {@link rowToEvent} for why BIGINT and JSON are evened out. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value)
    if (oid === pg.types.builtins.JSON || oid === pg.types.builtins.JSONB) return (value: string) => value
    return pg.types.getTypeParser(oid, format as 'text')
  },
} as pg.CustomTypesConfig

/**
 * Connects to PostgreSQL by URL, migrates, and returns a {@link Store} on it.
 *
 * @example
 * const store = await createPostgresStore('postgres://touchtrail@127.0.0.1:5432/touchtrail')
 */
export async function createPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 4, types: TYPES })
  // An idle connection that breaks (server restart) is dropped by the pool; without a listener the 'error'
  // event would crash the process. The next query reconnects or fails with its own error.
  pool.on('error', () => {})
  const client = await pool.connect().catch(async (error: Error) => {
    await pool.end()
    throw new Error(`cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`)
  })
  try {
    await migrate(async (sql, params) => (await client.query(sql, params)).rows, MIGRATIONS, MIGRATION_LOCK)
  } catch (error) {
    client.release()
    await pool.end()
    throw error
  }
  client.release()
  let closed = false

  async function insert(rows: readonly StoredEvent[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set()
    // One statement, so one transaction: PostgreSQL parses the whole batch from a single JSON parameter, which
    // beats binding 25 parameters per row and stays under the 65535-parameter limit at any batch size.
    const result = await pool.query<{ message_id: string }>(
      `INSERT INTO ${EVENTS_TABLE} (${COLUMN_LIST})
       SELECT ${COLUMN_LIST} FROM json_populate_recordset(NULL::${EVENTS_TABLE}, $1::json)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [`[${rows.map(rowJson).join(',')}]`],
    )
    return new Set(result.rows.map((r) => r.message_id))
  }

  async function* scan(options: ScanOptions = {}): AsyncGenerator<StoredEvent> {
    // Keyset pagination over the (timestamp, message_id) index: each page is an index range, so the scan streams
    // at any table size without holding a cursor (and its transaction) open.
    const { where, params } = scanFilter(options, 3)
    const sql = `SELECT ${COLUMN_LIST} FROM ${EVENTS_TABLE} ${where ? `${where} AND` : 'WHERE'}
      (timestamp, message_id) > ($1::timestamptz, $2) ORDER BY timestamp, message_id LIMIT ${SCAN_PAGE_ROWS}`
    let after = ['-infinity', '']
    for (;;) {
      const page = await pool.query(sql, [...after, ...params])
      for (const row of page.rows) yield rowToEvent(row)
      if (page.rows.length < SCAN_PAGE_ROWS) return
      const last = page.rows[page.rows.length - 1]
      after = [(last.timestamp as Date).toISOString(), last.message_id as string]
    }
  }

  async function query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await pool.query(sql, sqlParams(params))).rows
  }

  async function erase(by: EraseBy): Promise<number> {
    if (!by.anonymousId && !by.userId) throw new Error('erase() needs an anonymousId or a userId')
    const result = await pool.query(`DELETE FROM ${EVENTS_TABLE} WHERE anonymous_id = $1 OR user_id = $2`, [
      by.anonymousId ?? null,
      by.userId ?? null,
    ])
    return result.rowCount ?? 0
  }

  async function close(): Promise<void> {
    if (closed) return
    closed = true
    // pool.end() waits for checked-out clients, so queries already running finish first.
    await pool.end()
  }

  return { kind: 'postgres', insert, scan, query, erase, close }
}

/** One row as a JSON object keyed by column name; the event JSON is spliced in as is, not parsed again. */
function rowJson(row: StoredEvent): string {
  let json = '{'
  for (const column of COLUMNS) {
    if (column.type === 'json') continue
    const value = row[column.field]
    json += `"${column.name}":${JSON.stringify(value instanceof Date ? value.toISOString() : value)},`
  }
  return `${json}"payload":${row.json}}`
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the given URL'
  }
}

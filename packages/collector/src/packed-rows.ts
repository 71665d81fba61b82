import { COLUMNS } from './store/columns.js'
import type { StoredEvent } from './store/types.js'

/**
 * Rows on their way from the ingest worker to the main thread, in a form that crosses cheaply: every value as text
 * in one string, separated by NUL, and a flag per value for `null`. Structured cloning the row objects instead costs
 * the main thread about twice as much (each object is rebuilt key by key), and the main thread is the one that
 * bounds ingest.
 *
 * NUL separates safely because no stored value contains one: events with a NUL anywhere are rejected
 * (`inspectValue`), JSON.stringify escapes it, and the server's own values (dates, parsed user agents) have none.
 * {@link unpackRows} still checks that the values line up, so a NUL that got through fails loudly, never shifts
 * values into the wrong columns.
 */
export interface PackedRows {
  count: number
  /** The values of every row, column by column in {@link COLUMNS} order, joined by NUL. */
  text: string
  /** 1 where the value at that position is `null`. */
  nulls: Uint8Array
}

const SEPARATOR = '\u0000'
const ROW_TEMPLATE: Record<string, null> = Object.fromEntries(COLUMNS.map((column) => [column.field, null]))

/** Packs rows for `postMessage`; see {@link PackedRows}. */
export function packRows(rows: readonly StoredEvent[]): PackedRows {
  const values: string[] = new Array(rows.length * COLUMNS.length)
  const nulls = new Uint8Array(values.length)
  let at = 0
  for (const row of rows) {
    for (const column of COLUMNS) {
      const value = row[column.field]
      if (value === null || value === undefined) {
        nulls[at] = 1
        values[at++] = ''
      } else {
        values[at++] = column.type === 'timestamp' ? String((value as Date).getTime()) : String(value)
      }
    }
  }
  return { count: rows.length, text: values.join(SEPARATOR), nulls }
}

/** The rows {@link packRows} packed. Throws when the values do not line up with the columns. */
export function unpackRows(packed: PackedRows): StoredEvent[] {
  if (packed.count === 0) return []
  const values = packed.text.split(SEPARATOR)
  if (values.length !== packed.count * COLUMNS.length || packed.nulls.length !== values.length) {
    throw new Error(`packed rows do not line up: ${values.length} values for ${packed.count} rows of ${COLUMNS.length} columns`)
  }
  const rows: StoredEvent[] = new Array(packed.count)
  let at = 0
  for (let i = 0; i < packed.count; i++) {
    // A copy of a template that has every field already, so the stores below change values and never add
    // properties: an object given more than a dozen properties through computed keys turns into a slow dictionary.
    const row: Record<string, unknown> = { ...ROW_TEMPLATE }
    for (const column of COLUMNS) {
      const value = values[at]
      row[column.field] =
        packed.nulls[at++] === 1 ? null : column.type === 'timestamp' ? new Date(Number(value)) : column.type === 'bigint' ? Number(value) : value
    }
    rows[i] = row as unknown as StoredEvent
  }
  return rows
}

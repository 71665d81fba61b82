import type { ScanOptions, StoredEvent } from './types.js'

/** A column's type, mapped to each database's own (`ddlType`). */
export type ColumnType = 'text' | 'timestamp' | 'bigint' | 'json'

/** One column of the `events` table and the {@link StoredEvent} field it holds. */
export interface Column {
  name: string
  field: keyof StoredEvent
  type: ColumnType
  /**
   * The schema version that added the column (default 1). Migration 1 creates only the version-1 columns, so
   * appending a column here with `since: 2`, plus a migration 2 that adds it, keeps old databases and new
   * ones identical.
   */
  since?: number
}

/** The table every report queries. */
export const EVENTS_TABLE = 'events'

/**
 * The columns of `events`, in table order. Both stores and the CSV/Parquet export derive their SQL from this
 * one list, so a new column is added here (and in a migration) and nowhere else.
 */
export const COLUMNS: readonly Column[] = [
  { name: 'message_id', field: 'messageId', type: 'text' },
  { name: 'type', field: 'type', type: 'text' },
  { name: 'event', field: 'event', type: 'text' },
  { name: 'anonymous_id', field: 'anonymousId', type: 'text' },
  { name: 'user_id', field: 'userId', type: 'text' },
  { name: 'timestamp', field: 'timestamp', type: 'timestamp' },
  { name: 'sent_at', field: 'sentAt', type: 'timestamp' },
  { name: 'received_at', field: 'receivedAt', type: 'timestamp' },
  { name: 'session_id', field: 'sessionId', type: 'bigint' },
  { name: 'site', field: 'site', type: 'text' },
  { name: 'page_url', field: 'pageUrl', type: 'text' },
  { name: 'page_path', field: 'pagePath', type: 'text' },
  { name: 'page_referrer', field: 'pageReferrer', type: 'text' },
  { name: 'campaign_source', field: 'campaignSource', type: 'text' },
  { name: 'campaign_medium', field: 'campaignMedium', type: 'text' },
  { name: 'campaign_name', field: 'campaignName', type: 'text' },
  { name: 'campaign_term', field: 'campaignTerm', type: 'text' },
  { name: 'campaign_content', field: 'campaignContent', type: 'text' },
  { name: 'channel', field: 'channel', type: 'text' },
  { name: 'browser_name', field: 'browserName', type: 'text' },
  { name: 'browser_version', field: 'browserVersion', type: 'text' },
  { name: 'os_name', field: 'osName', type: 'text' },
  { name: 'os_version', field: 'osVersion', type: 'text' },
  { name: 'device_type', field: 'deviceType', type: 'text' },
  { name: 'payload', field: 'json', type: 'json' },
]

const NOT_NULL = new Set(['message_id', 'type', 'timestamp', 'received_at', 'payload'])

/**
 * The `CREATE TABLE` column list for one database, given its names for our four types: the columns added by
 * schema version `since`, or every column when `since` is left out.
 */
export function columnDefinitions(ddlType: Record<ColumnType, string>, since?: number): string {
  return COLUMNS.filter((c) => since === undefined || (c.since ?? 1) === since)
    .map((c) => `${c.name} ${ddlType[c.type]}${NOT_NULL.has(c.name) ? ' NOT NULL' : ''}`)
    .join(',\n  ')
}

/** The column list `message_id, type, …` for `INSERT` and `SELECT`. */
export const COLUMN_LIST = COLUMNS.map((c) => c.name).join(', ')

/**
 * Turns a row read back from either database into a {@link StoredEvent}. Drivers differ in what they return for
 * BIGINT (DuckDB `bigint`, pg `string`) and JSON (pg parses `jsonb` unless asked for text), so both are evened
 * out here.
 */
export function rowToEvent(row: Record<string, unknown>): StoredEvent {
  const event: Record<string, unknown> = {}
  for (const c of COLUMNS) {
    const value = row[c.name]
    if (value === null || value === undefined) event[c.field] = null
    else if (c.type === 'bigint') event[c.field] = Number(value)
    else if (c.type === 'timestamp') event[c.field] = value instanceof Date ? value : new Date(String(value))
    else if (c.type === 'json') event[c.field] = typeof value === 'string' ? value : JSON.stringify(value)
    else event[c.field] = value
  }
  return event as unknown as StoredEvent
}

/** Query parameters both drivers accept: `Date` becomes ISO text (cast in SQL where needed), `undefined` null. */
export function sqlParams(params: readonly unknown[] = []): (string | number | boolean | bigint | null)[] {
  return params.map((p) => {
    if (p === undefined || p === null) return null
    if (p instanceof Date) return p.toISOString()
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean' || typeof p === 'bigint') return p
    return JSON.stringify(p)
  })
}

/** A `WHERE` clause on `timestamp` and `site` for {@link ScanOptions}, with its parameters starting at `$first`. */
export function scanFilter(options: ScanOptions, first = 1): { where: string; params: string[] } {
  const clauses: string[] = []
  const params: string[] = []
  if (options.from) clauses.push(`timestamp >= $${first + params.push(options.from.toISOString()) - 1}::TIMESTAMPTZ`)
  if (options.to) clauses.push(`timestamp < $${first + params.push(options.to.toISOString()) - 1}::TIMESTAMPTZ`)
  if (options.site !== undefined) clauses.push(`site = $${first + params.push(options.site) - 1}`)
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

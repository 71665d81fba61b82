/**
 * One stored event: the enriched event as JSON, plus typed copies of the fields that reports filter and group
 * by, so they need no JSON parsing. The IP address is never part of it.
 */
export interface StoredEvent {
  /** Primary key: the collector stores each `messageId` once. */
  messageId: string
  type: 'page' | 'track' | 'identify'
  /** Track events only. */
  event: string | null
  anonymousId: string | null
  userId: string | null
  /** The client's timestamp corrected by the batch's clock skew (`receivedAt - sentAt`). */
  timestamp: Date
  /** The batch's `sentAt`, as the client's clock said; `null` when the batch had none. */
  sentAt: Date | null
  /** When the collector received the batch. */
  receivedAt: Date
  /** `context.sessionId`: epoch ms of the session's start. */
  sessionId: number | null
  /** `context.site`, the `data-site` attribute of the script tag. */
  site: string | null
  pageUrl: string | null
  pagePath: string | null
  pageReferrer: string | null
  campaignSource: string | null
  campaignMedium: string | null
  campaignName: string | null
  campaignTerm: string | null
  campaignContent: string | null
  /** `context.touchpoint.channel` (GA4 default channel group) as the browser classified it. */
  channel: string | null
  browserName: string | null
  browserVersion: string | null
  osName: string | null
  osVersion: string | null
  /** `mobile`, `tablet`, `desktop`, … from the user agent. */
  deviceType: string | null
  /** The enriched event as JSON text: what `export --format ndjson` writes, one per line. */
  json: string
}

/** Which events {@link Store.scan} reads: `timestamp` in `[from, to)`, of one `site`; every event by default. */
export interface ScanOptions {
  from?: Date
  to?: Date
  /** Only events whose `context.site` is this (the report of one shop). @default every site */
  site?: string
}

/** Whose events {@link Store.erase} deletes: every event with this anonymous id or this user id. */
export interface EraseBy {
  anonymousId?: string
  userId?: string
}

/**
 * Where events live: embedded DuckDB or PostgreSQL behind the same few calls.
 *
 * Writes are batched by the caller (see `createWriteQueue`): one `insert` call is one transaction.
 */
export interface Store {
  /** `duckdb` or `postgres`, for the rare SQL that must differ. */
  readonly kind: 'duckdb' | 'postgres'
  /**
   * Stores the rows in one transaction, skipping every `messageId` already stored, and resolves to the ids
   * that were new. Rows must have distinct `messageId`s. Rejects, having written nothing, on any error.
   */
  insert(rows: readonly StoredEvent[]): Promise<Set<string>>
  /** Reads stored events in `timestamp`, then `messageId` order, streaming: memory stays flat on any size. */
  scan(options?: ScanOptions): AsyncIterable<StoredEvent>
  /**
   * Runs read-only SQL with `$1`, `$2`, … parameters (both databases take that syntax) against the `events`
   * table. Rows come back with `Date` for timestamps, `number` for integers and text for JSON.
   */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>
  /** Deletes every event of a visitor (GDPR erasure) and resolves to how many were deleted. */
  erase(by: EraseBy): Promise<number>
  /** Waits for running calls and closes the database; the store is unusable afterwards. */
  close(): Promise<void>
}

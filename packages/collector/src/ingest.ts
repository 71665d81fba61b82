import type { ParsedBatch } from './batch.js'
import { correctTimestamp, enrichEvent, type RequestFacts } from './enrich.js'
import { EVENT_LIMITS } from './schema.js'
import type { StoredEvent } from './store/types.js'
import { validateEvent } from './validate.js'
import type { WriteQueue } from './write-queue.js'

/** The answer to `POST /collect` (DESIGN.md). */
export interface IngestResult {
  /** Events stored now. */
  accepted: number
  /** Valid events already stored before, or earlier in the same batch: stored once, not again. */
  duplicates: number
  /** Invalid events, by their index in the batch, with the reason. */
  rejected: { index: number; reason: string }[]
}

const MIN_TIMESTAMP_MS = Date.parse(EVENT_LIMITS.minTimestamp)

/** A batch validated and enriched, not yet stored: what {@link prepareBatch} hands on to {@link storeBatch}. */
export interface PreparedBatch {
  /** The valid events as rows to store, with distinct `messageId`s. */
  rows: StoredEvent[]
  /** Valid events that repeat an earlier one of the same batch. */
  duplicates: number
  /** Invalid events, by their index in the batch, with the reason. */
  rejected: IngestResult['rejected']
}

/**
 * Validates each event of a batch, corrects its timestamp and enriches it: all the work of a request before the
 * database, pure and synchronous, so it can run on a worker thread (see `ingester.ts`). Every event is counted once:
 * `rows.length + duplicates + rejected.length === events.length`.
 */
export function prepareBatch(batch: ParsedBatch, request: Omit<RequestFacts, 'sentAtMs'>): PreparedBatch {
  const facts: RequestFacts = { ...request, sentAtMs: batch.sentAtMs }
  const rejected: IngestResult['rejected'] = []
  const rows: StoredEvent[] = []
  const seen = new Set<string>()
  let duplicates = 0
  batch.events.forEach((value, index) => {
    const result = validateEvent(value)
    if (!result.ok) return rejected.push({ index, reason: result.reason })
    const timestampMs = correctTimestamp(result.timestampMs, facts)
    const reason = timestampProblem(timestampMs, facts.receivedAtMs)
    if (reason) return rejected.push({ index, reason })
    // First one wins, so a batch that repeats an event stores it once (a client retry merged into one batch).
    if (seen.has(result.event.messageId)) return duplicates++
    const row = enrichEvent(result.event, timestampMs, facts)
    const bytes = bytesOverLimit(row.json)
    if (bytes !== undefined) {
      return rejected.push({ index, reason: `event is ${bytes} bytes as stored JSON, over the ${EVENT_LIMITS.maxEventBytes}-byte limit` })
    }
    seen.add(result.event.messageId)
    rows.push(row)
  })
  return { rows, duplicates, rejected }
}

/**
 * Stores a prepared batch's rows in one transaction (through the write queue) and answers the request. Rejects only
 * when the store fails, and then stored nothing of this batch.
 */
export async function storeBatch(prepared: PreparedBatch, queue: WriteQueue): Promise<IngestResult> {
  const accepted = await queue.write(prepared.rows)
  return { accepted, duplicates: prepared.duplicates + prepared.rows.length - accepted, rejected: prepared.rejected }
}

/**
 * The UTF-8 size of the stored JSON when it is over the limit. A UTF-16 code unit takes at most 3 bytes, so JSON of
 * up to a third of the limit in characters (most events) is within it without counting its bytes.
 */
function bytesOverLimit(json: string): number | undefined {
  if (json.length * 3 <= EVENT_LIMITS.maxEventBytes) return undefined
  const bytes = Buffer.byteLength(json)
  return bytes > EVENT_LIMITS.maxEventBytes ? bytes : undefined
}

function timestampProblem(timestampMs: number, receivedAtMs: number): string | undefined {
  const aheadMs = timestampMs - receivedAtMs
  if (aheadMs > EVENT_LIMITS.maxFutureMs) {
    const hours = Math.round(aheadMs / 3_600_000)
    return `timestamp: ${hours} h in the future after clock-skew correction, over the limit of ${EVENT_LIMITS.maxFutureMs / 3_600_000} h`
  }
  if (timestampMs < MIN_TIMESTAMP_MS) return `timestamp: before ${EVENT_LIMITS.minTimestamp} after clock-skew correction`
  return undefined
}

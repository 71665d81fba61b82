import type { ParsedBatch } from './batch'
import { correctTimestamp, enrichEvent, type RequestFacts } from './enrich'
import { EVENT_LIMITS } from './schema'
import type { StoredEvent } from './store/types'
import { validateEvent } from './validate'
import type { WriteQueue } from './write-queue'

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

/**
 * Validates each event of a batch, corrects its timestamp, enriches it and stores the valid ones in one
 * transaction. Every event is counted exactly once: `accepted + duplicates + rejected.length === events.length`.
 *
 * Rejects only when the store fails, and then stored nothing of this batch.
 */
export async function ingestBatch(
  batch: ParsedBatch,
  request: Omit<RequestFacts, 'sentAtMs'>,
  queue: WriteQueue,
): Promise<IngestResult> {
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
    const bytes = Buffer.byteLength(row.json)
    if (bytes > EVENT_LIMITS.maxEventBytes) {
      return rejected.push({ index, reason: `event is ${bytes} bytes as stored JSON, over the ${EVENT_LIMITS.maxEventBytes}-byte limit` })
    }
    seen.add(result.event.messageId)
    rows.push(row)
  })
  const accepted = await queue.write(rows)
  return { accepted, duplicates: duplicates + rows.length - accepted, rejected }
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

import { httpError } from './http-error.js'
import { EVENT_LIMITS } from './schema.js'
import { parseIsoTimestamp } from './timestamp.js'

/** A request body that is a batch: its events still unchecked, one by one. */
export interface ParsedBatch {
  events: unknown[]
  /** `sentAt` in epoch ms, when the batch had one. */
  sentAtMs?: number
}

// `fatal` makes invalid UTF-8 an error; the default would silently turn it into U+FFFD and store garbage.
const UTF8 = new TextDecoder('utf-8', { fatal: true })
const EXPECTED = 'expected {"batch": [events], "sentAt": "ISO date-time"}'

/**
 * Reads a request body as a batch (DESIGN.md: `{ "batch": [ …events ], "sentAt": "…ISO…" }`), or throws the
 * 400 (or 413, when it has more events than allowed: the client's queue splits on 413) that says why it is not.
 *
 * `JSON.parse` is safe here: it makes `"__proto__"` an own property, never a prototype, and such keys are then
 * rejected (at the top here, inside events by `inspectValue`).
 *
 * @example
 * parseBatch(Buffer.from('{"batch":[],"sentAt":"2026-11-23T07:00:00.000Z"}'), 1000) // { events: [], sentAtMs: … }
 */
export function parseBatch(body: Uint8Array | undefined, maxEvents: number): ParsedBatch {
  if (!body || body.length === 0) throw httpError(400, `body is empty; ${EXPECTED}`)
  let text: string
  try {
    text = UTF8.decode(body)
  } catch {
    throw httpError(400, 'body is not valid UTF-8')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw httpError(400, `body is not JSON (${(error as Error).message}); ${EXPECTED}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw httpError(400, `body is not a batch: ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}; ${EXPECTED}`)
  }
  const forbidden = Object.keys(value).find((key) => (EVENT_LIMITS.forbiddenKeys as readonly string[]).includes(key))
  if (forbidden) throw httpError(400, `body is not a batch: forbidden key "${forbidden}"`)
  const { batch, sentAt } = value as { batch?: unknown; sentAt?: unknown }
  if (!Array.isArray(batch)) throw httpError(400, `body is not a batch: "batch" is ${batch === undefined ? 'missing' : 'not an array'}; ${EXPECTED}`)
  if (batch.length > maxEvents) {
    throw httpError(413, `batch has ${batch.length} events, over the limit of ${maxEvents}; split it`)
  }
  if (sentAt === undefined) return { events: batch }
  const sentAtMs = typeof sentAt === 'string' ? parseIsoTimestamp(sentAt) : undefined
  if (sentAtMs === undefined) throw httpError(400, 'body is not a batch: "sentAt" is not an ISO 8601 date-time')
  return { events: batch, sentAtMs }
}

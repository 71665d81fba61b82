import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { inspectValue } from './inspect.js'
import { EVENT_SCHEMA, ISO_TIMESTAMP_PATTERN, type TouchpointEvent } from './schema.js'
import { parseIsoTimestamp } from './timestamp.js'

let compiled: ValidateFunction | undefined

/** Compiles the schema on first use and keeps it: compiling costs milliseconds, validating microseconds. */
function schemaValidator(): ValidateFunction {
  // `strict` makes ajv refuse a schema with typos or unknown keywords instead of ignoring them; `strictRequired`
  // is off because the `anyOf` branches name properties that the parent schema defines.
  compiled ??= new Ajv2020({ strict: true, strictRequired: false, allErrors: false }).compile(EVENT_SCHEMA)
  return compiled
}

/** The result of {@link validateEvent}: the event and its parsed timestamp, or why it was rejected. */
export type Validation =
  | { ok: true; event: TouchpointEvent; timestampMs: number | undefined }
  | { ok: false; reason: string }

/**
 * Checks one event of a batch: shape and nesting first (so nothing recursive sees a hostile value), then the
 * JSON Schema, then that `timestamp` is a real calendar instant. Repairs what costs no meaning: string values
 * with NUL characters or unpaired surrogates (U+FFFD each) and descriptive strings over their length (cut).
 *
 * Two rules need more than the event, so `prepareBatch` applies them after this: the future-timestamp rule needs
 * the batch's clock skew, and the size rule is checked on the JSON as stored (serialising is done once).
 *
 * @example
 * validateEvent({ type: 'track', messageId: 'm1', anonymousId: 'a1' })
 * // { ok: false, reason: 'event: must have required property \'event\'' }
 */
export function validateEvent(value: unknown): Validation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'event is not an object' }
  }
  const unsafe = inspectValue(value)
  if (unsafe) return { ok: false, reason: unsafe }
  cutLongText(value as Record<string, unknown>, EVENT_SCHEMA)
  const check = schemaValidator()
  if (!check(value)) return { ok: false, reason: describeError(check.errors ?? []) }
  const event = value as TouchpointEvent
  if (event.timestamp === undefined) return { ok: true, event, timestampMs: undefined }
  const timestampMs = parseIsoTimestamp(event.timestamp)
  if (timestampMs === undefined) return { ok: false, reason: 'timestamp: not a calendar date-time' }
  return { ok: true, event, timestampMs }
}

type SchemaNode = { type?: unknown; maxLength?: number; minLength?: number; properties?: Record<string, SchemaNode>; [keyword: string]: unknown }

/**
 * Cuts the descriptive strings of the schema that are over their length (`name`, the page's URL and title,
 * campaign values, the user agent…: `text()` in the schema, a `maxLength` and no `minLength`) to that length,
 * as GA4 cuts its page title and location, instead of rejecting the event: the visit happened, and a
 * 9,000-character URL says where. Identifiers (`messageId`, `anonymousId`, `userId`, `event`) stay strict. A
 * cut never leaves half of a surrogate pair. Walks the schema's fixed depth only.
 */
function cutLongText(value: Record<string, unknown>, schema: SchemaNode): void {
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    const v = value[key]
    if (typeof v === 'string' && node.type === 'string' && node.maxLength !== undefined && node.minLength === undefined) {
      if (v.length > node.maxLength) value[key] = v.slice(0, /[\ud800-\udbff]/.test(v[node.maxLength - 1]) ? node.maxLength - 1 : node.maxLength)
    } else if (v && typeof v === 'object' && !Array.isArray(v) && node.properties) cutLongText(v as Record<string, unknown>, node)
  }
}

/** What each of the schema's patterns asks for, in words: ajv would quote the regular expression. */
const PATTERN_WORDS = new Map([[ISO_TIMESTAMP_PATTERN, 'must be an ISO 8601 date-time with a zone (Z or ±hh:mm), like 2026-11-23T07:00:00.000Z']])

/**
 * Turns ajv's first failure into one line a developer can act on, like Segment's `.event is not a string`.
 * With `allErrors: false` ajv stops at the first failure, but `anyOf` and `if` add a summary after the
 * failures of their branches; the branch failure says more, except for our `anyOf`, which has its own words.
 */
function describeError(errors: ErrorObject[]): string {
  const summary = errors[errors.length - 1]
  if (summary?.keyword === 'anyOf' && summary.instancePath === '') return 'event needs an anonymousId or a userId'
  const error = summary?.keyword === 'if' && errors.length > 1 ? errors[errors.length - 2] : summary
  if (!error) return 'event does not match the schema'
  const at = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'event'
  const allowed = error.keyword === 'enum' ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : ''
  const words = error.keyword === 'pattern' ? PATTERN_WORDS.get((error.params as { pattern: string }).pattern) : undefined
  return `${at}: ${words ?? error.message ?? 'is invalid'}${allowed}`
}

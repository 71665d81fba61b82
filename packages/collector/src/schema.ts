/**
 * The JSON Schema of one touchpoint event (DESIGN.md, "The touchpoint event"), as the collector checks it.
 *
 * The same object is published as `@touchtrail/collector/event.schema.json` (written at build time from this
 * module), so other ingestion pipelines can validate with exactly our rules. Rules a JSON Schema cannot say
 * (nesting depth, forbidden keys, event size, calendar-valid timestamps) are listed in `description` and
 * enforced in `validate.ts`.
 *
 * Pure module: imports nothing, so the browser packages may share it.
 */

/** Limits applied to every event besides the schema. */
export const EVENT_LIMITS = {
  /** The largest event, as UTF-8 JSON with the server's fields added (Segment's limit is 32 KB as well). */
  maxEventBytes: 32 * 1024,
  /** How deep objects and arrays may nest; the event itself is level 1. */
  maxDepth: 10,
  /** Keys that could poison an object's prototype when the event is merged into another object. */
  forbiddenKeys: ['__proto__', 'constructor', 'prototype'],
  /** How far a timestamp may lie in the future after clock-skew correction. */
  maxFutureMs: 24 * 60 * 60 * 1000,
  /** Timestamps before this (after skew correction) are broken clocks, not events. */
  minTimestamp: '2000-01-01T00:00:00.000Z',
} as const

/** ISO 8601 date-time with a zone (`Z` or `±hh:mm`): what `Date.prototype.toISOString` writes. */
export const ISO_TIMESTAMP_PATTERN =
  '^\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,9})?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$'

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const
const name = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const

const context = {
  type: 'object',
  properties: {
    library: { type: 'object', properties: { name: text(100), version: text(50) } },
    page: {
      type: 'object',
      properties: { url: text(8192), path: text(4096), search: text(8192), title: text(1000), referrer: text(8192) },
    },
    campaign: {
      type: 'object',
      properties: {
        source: text(500),
        medium: text(500),
        name: text(500),
        term: text(500),
        content: text(500),
        id: text(500),
      },
    },
    // Free strings, not enums: a new channel or category from a newer SDK must not cost the event.
    touchpoint: {
      type: 'object',
      properties: {
        channel: text(100),
        clickId: text(1000),
        clickIdType: text(50),
        referrerCategory: text(50),
        contact: text(50),
        mode: text(50),
      },
    },
    sessionId: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    sessionStart: { type: 'boolean' },
    site: text(200),
    locale: text(35),
    timezone: text(100),
    screen: {
      type: 'object',
      properties: {
        width: { type: 'integer', minimum: 0, maximum: 100_000 },
        height: { type: 'integer', minimum: 0, maximum: 100_000 },
      },
    },
    consent: text(20),
    userAgent: text(1000),
  },
} as const

/** JSON Schema (draft 2020-12) of one event. */
export const EVENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:touchtrail:schema:event:1',
  title: 'touchtrail touchpoint event',
  description:
    'One touchpoint, in the Segment Spec message shape. The collector also rejects: objects nested deeper than ' +
    `${EVENT_LIMITS.maxDepth} levels; the keys ${EVENT_LIMITS.forbiddenKeys.join(', ')}; keys with NUL ` +
    `characters or unpaired surrogates (in values it replaces each with U+FFFD, and it cuts descriptive strings, ` +
    `those without minLength, to their maxLength); events over ${EVENT_LIMITS.maxEventBytes} bytes as JSON; timestamps that are ` +
    'not calendar dates, more than one day in the future after clock-skew correction, or before 2000.',
  type: 'object',
  required: ['type', 'messageId'],
  properties: {
    type: { enum: ['page', 'track', 'identify'] },
    event: name(200),
    name: text(500),
    properties: { type: 'object' },
    traits: { type: 'object' },
    messageId: name(128),
    anonymousId: name(128),
    userId: { type: ['string', 'null'], maxLength: 256 },
    timestamp: { type: 'string', pattern: ISO_TIMESTAMP_PATTERN },
    context,
  },
  // Segment's rule: every message names a visitor, by anonymous id or by user id.
  anyOf: [{ required: ['anonymousId'] }, { required: ['userId'], properties: { userId: { type: 'string', minLength: 1 } } }],
  if: { required: ['type'], properties: { type: { const: 'track' } } },
  then: { required: ['event'] },
} as const

/** The touchpoint event as it arrives (DESIGN.md); unknown fields are kept. */
export interface TouchpointEvent {
  type: 'page' | 'track' | 'identify'
  messageId: string
  event?: string
  name?: string
  properties?: Record<string, unknown>
  traits?: Record<string, unknown>
  anonymousId?: string
  userId?: string | null
  timestamp?: string
  context?: EventContext
  [field: string]: unknown
}

/** The `context` of an event; unknown fields are kept. */
export interface EventContext {
  library?: { name?: string; version?: string }
  page?: { url?: string; path?: string; search?: string; title?: string; referrer?: string }
  campaign?: { source?: string; medium?: string; name?: string; term?: string; content?: string; id?: string }
  touchpoint?: {
    channel?: string
    clickId?: string
    clickIdType?: string
    referrerCategory?: string
    contact?: string
    mode?: string
  }
  sessionId?: number
  sessionStart?: boolean
  site?: string
  locale?: string
  timezone?: string
  screen?: { width?: number; height?: number }
  consent?: string
  userAgent?: string
  [field: string]: unknown
}

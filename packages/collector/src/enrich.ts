import type { EventContext, TouchpointEvent } from './schema.js'
import type { StoredEvent } from './store/types.js'
import { parseUserAgent, type ParsedUserAgent } from './user-agent.js'
import type { VisitorKey } from './visitor-key.js'

/** What the server knows about the request an event came in, besides the event itself. */
export interface RequestFacts {
  /** When the batch arrived. */
  receivedAtMs: number
  /** The batch's `sentAt` by the client's clock, when it had one. */
  sentAtMs?: number
  /** The request's `User-Agent` header. */
  userAgent?: string
  /** The client's IP address: used in memory for the cookieless visitor key, never stored. */
  ip?: string
  /** Derives the visitor key of cookieless events; without it their per-page ids are kept. */
  visitorKey?: VisitorKey
}

/**
 * Corrects a client timestamp for the client's clock skew, as Segment does: the batch was sent at `sentAt` by
 * the client's clock and received at `receivedAt` by ours, so `receivedAt - sentAt` is how far the client's
 * clock is behind (plus network time, which is small). An event without a timestamp happened on arrival.
 *
 * @example
 * correctTimestamp(1_000, { receivedAtMs: 10_000, sentAtMs: 4_000 }) // 7000
 */
export function correctTimestamp(timestampMs: number | undefined, facts: RequestFacts): number {
  if (timestampMs === undefined) return facts.receivedAtMs
  if (facts.sentAtMs === undefined) return timestampMs
  return timestampMs + (facts.receivedAtMs - facts.sentAtMs)
}

/**
 * Turns a validated event into the row the store keeps: the event JSON with Segment's server fields
 * (`timestamp` corrected, the client's as `originalTimestamp`, `sentAt`, `receivedAt`), browser, OS and device
 * from the user agent in `context`, and typed copies of the fields reports query.
 *
 * The IP address is never stored: a `context.ip` sent by a client is dropped here.
 */
export function enrichEvent(event: TouchpointEvent, timestampMs: number, facts: RequestFacts): StoredEvent {
  // Plain copies (see copyOwn), not spreads: JSON.stringify below is the costliest step of ingest, and it serialises
  // objects built property by property in a third to a half less time than the ones spread syntax makes (measured).
  const context = copyOwn<EventContext>(event.context ?? {}, 'ip')
  const batch = batchFields(facts)
  const agent = context.userAgent === undefined ? batch.agent : parseUserAgent(context.userAgent)
  // A client that already describes itself (Segment's mobile libraries send context.os and context.device) wins.
  context.browser ??= agent.browser
  context.os ??= agent.os
  context.device ??= agent.device
  const enriched = copyOwn<TouchpointEvent>(event)
  enriched.context = context
  // Cookieless: the browser's id lasts one page; the daily key groups a visitor's pages into one journey.
  if (context.cookieless === true && facts.visitorKey && facts.ip)
    enriched.anonymousId = facts.visitorKey(String(context.site ?? ''), facts.ip, facts.userAgent ?? '', facts.receivedAtMs)
  enriched.timestamp = new Date(timestampMs).toISOString()
  enriched.originalTimestamp = event.timestamp
  enriched.sentAt = batch.sentAtIso
  enriched.receivedAt = batch.receivedAtIso
  const browser = context.browser as ParsedPart | undefined
  const os = context.os as ParsedPart | undefined
  const device = context.device as { type?: unknown } | undefined
  return {
    messageId: enriched.messageId,
    type: enriched.type,
    event: enriched.event ?? null,
    anonymousId: enriched.anonymousId ?? null,
    userId: enriched.userId ?? null,
    timestamp: new Date(timestampMs),
    sentAt: batch.sentAt,
    receivedAt: batch.receivedAt,
    sessionId: context.sessionId ?? null,
    site: context.site ?? null,
    pageUrl: context.page?.url ?? null,
    pagePath: context.page?.path ?? null,
    pageReferrer: context.page?.referrer ?? null,
    campaignSource: context.campaign?.source ?? null,
    campaignMedium: context.campaign?.medium ?? null,
    campaignName: context.campaign?.name ?? null,
    campaignTerm: context.campaign?.term ?? null,
    campaignContent: context.campaign?.content ?? null,
    channel: context.touchpoint?.channel ?? null,
    browserName: text(browser?.name),
    browserVersion: text(browser?.version),
    osName: text(os?.name),
    osVersion: text(os?.version),
    deviceType: text(device?.type),
    // JSON.stringify drops the `undefined` fields (no sentAt, no originalTimestamp) on the way.
    json: JSON.stringify(enriched),
  }
}

/**
 * A shallow copy of an object's own properties, in their order, leaving out `except`. The event passed validation,
 * so it has no `__proto__` key that the assignment would turn into a prototype; the check stays as a second guard.
 */
function copyOwn<T extends object>(source: object, except?: string): T {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(source)) {
    if (key !== except && key !== '__proto__') copy[key] = (source as Record<string, unknown>)[key]
  }
  return copy as T
}

interface BatchFields {
  sentAt: Date | null
  sentAtIso: string | undefined
  receivedAt: Date
  receivedAtIso: string
  agent: ParsedUserAgent
}

// Every event of a batch shares these; working them out once per batch instead of once per event is a measurable
// part of ingest time at tens of thousands of events per second. Weak, so they go with the batch.
const perBatch = new WeakMap<RequestFacts, BatchFields>()

function batchFields(facts: RequestFacts): BatchFields {
  let fields = perBatch.get(facts)
  if (!fields) {
    const sentAt = facts.sentAtMs === undefined ? null : new Date(facts.sentAtMs)
    const receivedAt = new Date(facts.receivedAtMs)
    fields = {
      sentAt,
      sentAtIso: sentAt?.toISOString(),
      receivedAt,
      receivedAtIso: receivedAt.toISOString(),
      agent: parseUserAgent(facts.userAgent ?? ''),
    }
    perBatch.set(facts, fields)
  }
  return fields
}

interface ParsedPart {
  name?: unknown
  version?: unknown
}

/** A client-sent `context.os.name` may be anything; only short strings make it into a typed column. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 200 ? value : null
}

import type { StoredEvent } from '../store/types.js'

/** `context.campaign` as the report reads it: every field optional, strings only. */
export interface ReportCampaign {
  source?: string
  medium?: string
  name?: string
  term?: string
  content?: string
}

/** `context.touchpoint` as the report reads it. */
export interface ReportTouchpoint {
  channel?: string
  referrerCategory?: string
  clickIdType?: string
  contact?: string
  mode?: string
  /** Set by `@touchtrail/qr` on the events of a session that began with a scan. */
  qrCode?: string
}

/** One stored event, reduced to what the report reads. */
export interface ReportEvent {
  /** `messageId`. */
  id: string
  type: 'page' | 'track' | 'identify'
  /** The track event's name; `page` or `identify` for those types. */
  name: string
  /** Epoch ms: the stored (skew-corrected) timestamp. */
  at: number
  anonymousId?: string
  userId?: string
  /** `context.sessionId`: epoch ms of the session's start in the browser. */
  sessionId?: number
  site?: string
  /** `context.cookieless`: the browser kept no ids, so `sessionId` says nothing across pages. */
  cookieless?: boolean
  /** Sent by a bot or an automated browser: the device type the collector stored is `bot`. */
  bot?: boolean
  url?: string
  path?: string
  referrer?: string
  campaign: ReportCampaign
  touchpoint: ReportTouchpoint
  properties: Record<string, unknown>
}

/**
 * Reads the report's view of a stored event from its JSON. Fields of the wrong type are left out, never
 * trusted: the collector keeps unknown and free-form fields, and the report must not trip over them.
 *
 * @example
 * parseStoredEvent(row).campaign.source // 'newsletter'
 */
export function parseStoredEvent(row: StoredEvent): ReportEvent {
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(row.json) as Record<string, unknown>
  } catch {
    // A row written by hand into the table; its typed columns still count.
  }
  const context = object(json.context)
  const page = object(context.page)
  return {
    id: row.messageId,
    type: row.type,
    name: row.type === 'track' ? row.event ?? '' : row.type,
    at: row.timestamp.getTime(),
    anonymousId: row.anonymousId ?? undefined,
    userId: row.userId ?? undefined,
    sessionId: row.sessionId ?? undefined,
    site: row.site ?? undefined,
    cookieless: context.cookieless === true || undefined,
    bot: row.deviceType === 'bot' || undefined,
    url: string(page.url),
    path: string(page.path) ?? row.pagePath ?? undefined,
    referrer: string(page.referrer) || undefined,
    campaign: strings(context.campaign, ['source', 'medium', 'name', 'term', 'content']),
    touchpoint: strings(context.touchpoint, ['channel', 'referrerCategory', 'clickIdType', 'contact', 'mode', 'qrCode']),
    properties: object(json.properties),
  }
}

function object(value: unknown): Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {}
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function strings<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const source = object(value)
  const out: Partial<Record<K, string>> = {}
  for (const key of keys) {
    const v = string(source[key])?.trim()
    if (v) out[key] = v
  }
  return out
}

/** A number from a property that may be a number or a numeric string (`"59.90"`); else undefined. */
export function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

/**
 * The largest amount of money, in any currency, the report takes from one event: beyond any order a web shop takes
 * (a trillion dong is some 35 million euros), and small enough that sums of many keep their cents and never reach
 * Infinity, which one `value: 1e308` would make of every revenue figure.
 */
export const MAX_AMOUNT = 1e12

/** Whether a number can be an amount of money in the report (see {@link MAX_AMOUNT}); NaN and Infinity cannot. */
export function isAmount(n: number): boolean {
  return Math.abs(n) <= MAX_AMOUNT
}

/** An amount of money from a property as {@link numberOf} reads it; undefined when absent or not {@link isAmount}. */
export function amountOf(value: unknown): number | undefined {
  const n = numberOf(value)
  return n !== undefined && isAmount(n) ? n : undefined
}

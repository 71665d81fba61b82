import { isAmount, MAX_AMOUNT, numberOf, type ReportEvent } from './event.js'
import type { Session } from './sessions.js'

/** A purchase, with the visits that led to it. */
export interface Conversion {
  /** The purchase event. */
  event: ReportEvent
  at: number
  visitor: string
  /** The session the purchase happened in. */
  session: Session
  /** `properties.value` (else Σ price × quantity of `items`) when in the report's currency; else undefined. */
  value?: number
  currency?: string
  transactionId?: string
  /** The visitor's sessions that began within the lookback window before the purchase, oldest first; the last is `session`. */
  path: Session[]
}

/** Options of {@link findConversions}. */
export interface ConversionOptions {
  /** Visits this long before a purchase still count towards it. @default 90 days, as GA4's default for purchases */
  lookbackMs?: number
  /** The report's currency; values in others are left out of revenue. @default the currency most events name, else EUR */
  currency?: string
}

/** Default lookback window: 90 days. */
export const DEFAULT_LOOKBACK_MS = 90 * 86_400_000

/**
 * Finds the purchases in sessions, once per `transaction_id` and site (a reloaded thank-you page, or the same
 * order from dataLayer and the API, is one purchase), with their value and path.
 *
 * @returns the purchases oldest first, the currency used and notes on what was left out
 * @example
 * findConversions(sessions).conversions[0].path.map((s) => s.touch.channel) // ['Paid Social', 'Email']
 */
export function findConversions(sessions: readonly Session[], options: ConversionOptions = {}): {
  conversions: Conversion[]
  currency: string
  notes: string[]
} {
  const { lookbackMs = DEFAULT_LOOKBACK_MS } = options
  const currency = options.currency ?? commonCurrency(sessions) ?? 'EUR'
  const byVisitor = new Map<string, Session[]>()
  for (const s of sessions) byVisitor.set(s.visitor, [...(byVisitor.get(s.visitor) ?? []), s])
  const seen = new Set<string>()
  const conversions: Conversion[] = []
  const otherCurrencies = new Map<string, number>()
  let beyondMax = 0
  for (const session of sessions) {
    for (const event of session.events) {
      if (event.type !== 'track' || event.name !== 'purchase') continue
      const transactionId = text(event.properties.transaction_id)
      if (transactionId !== undefined) {
        const key = `${event.site ?? ''}|${transactionId}`
        if (seen.has(key)) continue
        seen.add(key)
      }
      const eventCurrency = text(event.properties.currency)?.toUpperCase()
      let value = numberOf(event.properties.value) ?? itemsValue(event.properties.items)
      if (eventCurrency && eventCurrency !== currency) {
        otherCurrencies.set(eventCurrency, (otherCurrencies.get(eventCurrency) ?? 0) + 1)
        value = undefined
      } else if (value !== undefined && !isAmount(value)) {
        // One absurd value would otherwise turn every revenue figure it is summed into to Infinity.
        beyondMax++
        value = undefined
      }
      const path = (byVisitor.get(session.visitor) ?? []).filter((s) => s.start <= event.at && s.start >= event.at - lookbackMs)
      conversions.push({ event, at: event.at, visitor: session.visitor, session, value, currency: eventCurrency, transactionId, path })
    }
  }
  conversions.sort((a, b) => a.at - b.at)
  const notes = [...otherCurrencies].map(
    ([other, n]) => `${n} purchase${n === 1 ? '' : 's'} in ${other} counted as conversions, left out of revenue (report currency ${currency})`,
  )
  if (beyondMax) notes.push(`${beyondMax} purchase${beyondMax === 1 ? '' : 's'} with a value beyond ±${MAX_AMOUNT.toLocaleString('en')} counted as conversions, left out of revenue`)
  return { conversions, currency, notes }
}

/** The currency most events with a `currency` property name. */
function commonCurrency(sessions: readonly Session[]): string | undefined {
  const counts = new Map<string, number>()
  for (const s of sessions) {
    for (const e of s.events) {
      const c = text(e.properties.currency)?.toUpperCase()
      if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
}

/** Σ price × quantity of GA4 `items` (quantity 1 when absent), or undefined when none has a price. */
export function itemsValue(items: unknown): number | undefined {
  if (!Array.isArray(items)) return undefined
  let sum: number | undefined
  for (const item of items) {
    const price = numberOf((item as Record<string, unknown> | null)?.price)
    if (price === undefined) continue
    sum = (sum ?? 0) + price * (numberOf((item as Record<string, unknown>).quantity) ?? 1)
  }
  return sum === undefined ? undefined : Math.round(sum * 100) / 100
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined
}

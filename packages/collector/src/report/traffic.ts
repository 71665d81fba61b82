import type { Conversion } from './conversions.js'
import { TIMER_EVENTS, type Session } from './sessions.js'

/** Visitors, sessions, engagement, conversions and revenue of one group of sessions. */
export interface TrafficRow {
  visitors: number
  sessions: number
  /** Sessions that were engaged (see {@link engaged}). */
  engagedSessions: number
  /** Engaged sessions per session: GA4's engagement rate (its complement is GA4's bounce rate). */
  engagementRate: number
  /** Purchases made in these sessions. */
  conversions: number
  revenue: number
  /** Sessions with a purchase, per session. */
  conversionRate: number
}

/** How long a session must last to be engaged: GA4's default. */
export const ENGAGED_MS = 10_000

/**
 * GA4's engaged session: it lasted {@link ENGAGED_MS} or longer, or had a purchase (`converted`), or two or more
 * page views. GA4 counts the time the page was in the foreground; the report counts from the session's first
 * event to the last one the visitor caused. That includes the vitals report sent when the visitor leaves a page,
 * so a single page read for a minute counts as engaged; a cart abandonment reported by a timer does not.
 *
 * @example
 * engaged(session, false) // true when the visitor saw two pages
 */
export function engaged(session: Session, converted: boolean): boolean {
  let pages = 0
  let last = session.start
  for (const e of session.events) {
    if (e.type === 'page') pages++
    if (!TIMER_EVENTS.has(e.name)) last = Math.max(last, e.at)
  }
  return converted || pages > 1 || last - session.start >= ENGAGED_MS
}

/**
 * Sessions grouped by `keyOf` (their channel; their source, medium and campaign), with the purchases made in
 * them: GA4's session-scoped acquisition view, where a purchase counts for the visit it happened in, and their
 * engagement rate.
 *
 * @example
 * traffic(sessions, conversions, (s) => ({ channel: s.touch.channel }))
 * // [{ channel: 'Direct', visitors: 2, sessions: 3, engagedSessions: 3, engagementRate: 1, conversions: 2, revenue: 194.5, conversionRate: 0.667 }, …]
 */
export function traffic<K extends Record<string, string>>(
  sessions: readonly Session[],
  conversions: readonly Conversion[],
  keyOf: (session: Session) => K,
): (K & TrafficRow)[] {
  const groups = new Map<string, { key: K; visitors: Set<string>; sessions: Set<Session>; converted: Set<Session>; conversions: number; revenue: number }>()
  const group = (session: Session) => {
    const key = keyOf(session)
    const id = JSON.stringify(key)
    let g = groups.get(id)
    if (!g) groups.set(id, (g = { key, visitors: new Set(), sessions: new Set(), converted: new Set(), conversions: 0, revenue: 0 }))
    return g
  }
  for (const session of sessions) {
    const g = group(session)
    g.visitors.add(session.visitor)
    g.sessions.add(session)
  }
  for (const conversion of conversions) {
    const g = group(conversion.session)
    g.conversions++
    g.revenue += conversion.value ?? 0
    g.converted.add(conversion.session)
  }
  return [...groups.values()]
    .map((g) => {
      const engagedSessions = [...g.sessions].filter((s) => engaged(s, g.converted.has(s))).length
      return {
        ...g.key,
        visitors: g.visitors.size,
        sessions: g.sessions.size,
        engagedSessions,
        engagementRate: g.sessions.size ? engagedSessions / g.sessions.size : 0,
        conversions: g.conversions,
        revenue: g.revenue,
        conversionRate: g.sessions.size ? g.converted.size / g.sessions.size : 0,
      }
    })
    .sort((a, b) => b.revenue - a.revenue || b.sessions - a.sessions || b.conversions - a.conversions)
}

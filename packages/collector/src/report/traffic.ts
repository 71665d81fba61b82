import type { Conversion } from './conversions'
import type { Session } from './sessions'

/** Visitors, sessions, conversions and revenue of one group of sessions. */
export interface TrafficRow {
  visitors: number
  sessions: number
  /** Purchases made in these sessions. */
  conversions: number
  revenue: number
  /** Sessions with a purchase, per session. */
  conversionRate: number
}

/**
 * Sessions grouped by `keyOf` (their channel; their source, medium and campaign), with the purchases made in
 * them: GA4's session-scoped acquisition view, where a purchase counts for the visit it happened in.
 *
 * @example
 * traffic(sessions, conversions, (s) => ({ channel: s.touch.channel }))
 * // [{ channel: 'Direct', visitors: 2, sessions: 3, conversions: 2, revenue: 194.5, conversionRate: 0.667 }, …]
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
    .map((g) => ({
      ...g.key,
      visitors: g.visitors.size,
      sessions: g.sessions.size,
      conversions: g.conversions,
      revenue: g.revenue,
      conversionRate: g.sessions.size ? g.converted.size / g.sessions.size : 0,
    }))
    .sort((a, b) => b.revenue - a.revenue || b.sessions - a.sessions || b.conversions - a.conversions)
}

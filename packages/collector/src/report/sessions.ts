import type { ReportEvent } from './event.js'
import { touchOf, type SessionTouch } from './touch.js'

/** One visit, built on the server from the events. */
export interface Session {
  /** Unique in a report: the visitor and the session's start. */
  key: string
  /** The visitor's key (see {@link visitorOf}). */
  visitor: string
  /** Epoch ms of the first and the last event. */
  start: number
  end: number
  /** What brought the visitor: the touch of the session's first page view, else of its first event. */
  touch: SessionTouch
  /** The path of the session's first page view. */
  landingPath?: string
  /** The session's events, oldest first. */
  events: ReportEvent[]
}

/**
 * Events a timer sends, not the visitor: a cart reported abandoned, a queue's overflow. They say nothing of how long
 * the visitor stayed (see `engaged`).
 */
export const TIMER_EVENTS: ReadonlySet<string> = new Set(['cart_abandoned', 'queue_overflow'])

/**
 * Events a page sends on its own rather than for something the visitor did: the {@link TIMER_EVENTS}, a vitals
 * report as the page is hidden, and the `cart_restored` that follows an abandonment on the tab's next event. They
 * never begin a visit: after a long pause (a tab left open), the browser gives them a new session id, and they join
 * the visitor's last session instead.
 */
export const BACKGROUND_EVENTS: ReadonlySet<string> = new Set([...TIMER_EVENTS, 'page_vitals', 'cart_restored'])

/** Options of {@link buildSessions}. */
export interface SessionOptions {
  /** Without a usable `context.sessionId`, a gap this long between two events starts a new session. @default 1800000 (30 min) */
  sessionTimeoutMs?: number
}

/**
 * Says who each event belongs to: the user, when the event or an earlier-seen event of the same anonymous id
 * was identified (so the visits before and after a login are one journey, across devices too), else the
 * anonymous id. Keys are per site. In cookieless mode the anonymous id is whatever the collector put there.
 *
 * @example
 * const visitorOf = visitorKeys(events)
 * visitorOf(events[0]) // 'shop-1|u:42'
 */
export function visitorKeys(events: readonly ReportEvent[]): (event: ReportEvent) => string {
  const userOf = new Map<string, string>()
  for (const event of events) {
    if (event.userId && event.anonymousId && !userOf.has(event.anonymousId)) userOf.set(event.anonymousId, event.userId)
  }
  return (event) => {
    const user = event.userId ?? (event.anonymousId === undefined ? undefined : userOf.get(event.anonymousId))
    return `${event.site ?? ''}|${user === undefined ? `a:${event.anonymousId}` : `u:${user}`}`
  }
}

/**
 * Builds sessions from events: per visitor, by `context.sessionId` (the browser's session, which already starts
 * anew after 30 minutes and on a new campaign), or, for events without one and in cookieless mode (where the id
 * lasts one page), by 30 minutes of inactivity. {@link BACKGROUND_EVENTS} never begin a session of their own while
 * the visitor has one. Pure; the events may come in any order.
 *
 * @example
 * buildSessions(events).map((s) => s.touch.channel) // ['Paid Social', 'Email']
 */
export function buildSessions(events: readonly ReportEvent[], options: SessionOptions = {}): Session[] {
  const { sessionTimeoutMs = 30 * 60_000 } = options
  const visitorOf = visitorKeys(events)
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  const sessions: Session[] = []
  /** Per visitor: its sessions by browser session id, and the one it was last seen in. */
  const open = new Map<string, { byId: Map<number, Session>; last?: Session }>()
  for (const event of sorted) {
    const visitor = visitorOf(event)
    let state = open.get(visitor)
    if (!state) open.set(visitor, (state = { byId: new Map() }))
    const id = event.cookieless ? undefined : event.sessionId
    let session = id === undefined ? state.last : state.byId.get(id)
    if (id === undefined && session && event.at - session.end > sessionTimeoutMs) session = undefined
    if (!session && BACKGROUND_EVENTS.has(event.name)) session = state.last
    if (!session) {
      session = { key: `${visitor}|${event.at}`, visitor, start: event.at, end: event.at, touch: touchOf(event), events: [] }
      sessions.push(session)
      if (id !== undefined) state.byId.set(id, session)
    }
    // The touch is the landing's: a session can begin with an event sent as the previous page was left (a vitals
    // report), which the attribution plugin marks direct until the next page view decides.
    if (event.type === 'page' && session.landingPath === undefined) {
      session.landingPath = event.path ?? ''
      session.touch = touchOf(event)
    }
    session.events.push(event)
    session.end = event.at
    state.last = session
  }
  return sessions
}

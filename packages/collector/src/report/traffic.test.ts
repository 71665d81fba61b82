import { describe, expect, test } from 'vitest'
import { DIRECT, EMAIL, MINUTE, T0, visit } from '../test/report-events.js'
import { findConversions } from './conversions.js'
import { buildSessions } from './sessions.js'
import { engaged, ENGAGED_MS, traffic } from './traffic.js'

const SECOND = 1000
type Steps = Parameters<typeof visit>[3]
/** The one session of these steps (`[minutes after start, name, properties?]`). */
const session = (steps: Steps) => {
  const [s, ...more] = buildSessions(visit('v', T0, DIRECT, steps))
  expect(more).toEqual([])
  return s
}

describe('engaged', () => {
  test.each<[string, boolean, Steps]>([
    ['one page view, 9 seconds', false, [[0, 'page'], [9 / 60, 'view_item']]],
    ['one page view, 10 seconds', true, [[0, 'page'], [ENGAGED_MS / MINUTE, 'view_item']]],
    ['two page views within a second', true, [[0, 'page'], [0.5 / 60, 'page']]],
    ['one page view and its vitals report, sent as the visitor left 40 seconds later', true, [[0, 'page'], [40 / 60, 'page_vitals']]],
    ['one page view, then a cart abandonment reported by a timer 30 minutes later', false, [[0, 'page'], [0.05, 'add_to_cart'], [30, 'cart_abandoned']]],
    ['one page view, then a queue overflow report 5 minutes later', false, [[0, 'page'], [5, 'queue_overflow']]],
    ['no page view, one event', false, [[0, 'view_item']]],
  ])('%s: engaged %s', (_, expected, steps) => {
    expect(engaged(session(steps), false)).toBe(expected)
  })

  test('a session with a purchase is engaged however short', () => {
    expect(engaged(session([[0, 'page'], [2 / 60, 'purchase']]), true)).toBe(true)
    expect(engaged(session([[0, 'page'], [2 / 60, 'purchase']]), false)).toBe(false)
  })
})

describe('traffic', () => {
  test('counts engaged sessions and the engagement rate per group, a purchase making its session engaged', () => {
    const events = [
      // Engaged by a purchase two seconds in.
      ...visit('a', T0, EMAIL, [[0, 'page'], [2 / 60, 'purchase', { transaction_id: 'T-1', value: 10, currency: 'EUR' }]]),
      // A bounce from the same email: one page, three seconds.
      ...visit('b', T0, EMAIL, [[0, 'page'], [3 / 60, 'view_item']]),
      // Direct: two pages (engaged), and one page for a minute (engaged).
      ...visit('c', T0, DIRECT, [[0, 'page'], [SECOND / MINUTE, 'page']]),
      ...visit('d', T0, DIRECT, [[0, 'page'], [1, 'view_item']]),
    ]
    const sessions = buildSessions(events)
    const { conversions } = findConversions(sessions, {})
    const rows = Object.fromEntries(traffic(sessions, conversions, (s) => ({ channel: s.touch.channel })).map(({ channel, ...r }) => [channel, r]))
    expect(rows.Email).toMatchObject({ sessions: 2, engagedSessions: 1, engagementRate: 0.5, conversions: 1, conversionRate: 0.5 })
    expect(rows.Direct).toMatchObject({ sessions: 2, engagedSessions: 2, engagementRate: 1, conversions: 0 })
    expect(traffic([], [], () => ({}))).toEqual([])
  })
})

import { describe, expect, test } from 'vitest'
import { DAY, DIRECT, EMAIL, ORGANIC_SEARCH, PAID_SOCIAL, T0, visit } from '../test/report-events.js'
import { findConversions } from './conversions.js'
import { journeyMap, PURCHASE_NODE } from './journeys.js'
import { buildSessions } from './sessions.js'

const events = [
  // a: Paid Social (considers) → Email (buys).
  ...visit('a', T0, PAID_SOCIAL, [[0, 'page'], [1, 'view_item'], [2, 'add_to_cart']]),
  ...visit('a', T0 + DAY, EMAIL, [[0, 'page'], [2, 'begin_checkout'], [3, 'purchase', { value: 60 }]]),
  // b: the same path.
  ...visit('b', T0, PAID_SOCIAL, [[0, 'page'], [1, 'view_item']]),
  ...visit('b', T0 + 2 * DAY, EMAIL, [[0, 'page'], [3, 'purchase', { value: 40 }]]),
  // c: buys on the first visit from search, comes back directly and buys again.
  ...visit('c', T0, ORGANIC_SEARCH, [[0, 'page'], [3, 'purchase', { value: 20 }]]),
  ...visit('c', T0 + 20 * DAY, DIRECT, [[0, 'page'], [3, 'purchase', { value: 25 }]]),
]

function map(options = {}) {
  const { conversions } = findConversions(buildSessions(events))
  const first = new Map<string, number>()
  for (const c of conversions) if (!first.has(c.visitor)) first.set(c.visitor, c.at)
  return journeyMap(conversions, (v) => first.get(v), options)
}

describe('journeyMap', () => {
  test('lists the paths to purchase by frequency, each step a session by phase and channel', () => {
    const { paths } = map()
    expect(paths.map((p) => [p.steps.map((s) => `${s.phase}:${s.channel}`).join(' > '), p.conversions, p.revenue])).toEqual([
      ['consideration:Paid Social > purchase:Email', 2, 100],
      // The repeat purchase: the first visit (a purchase) and the return, a retained customer's.
      ['purchase:Organic Search > retention:Direct', 1, 25],
      ['purchase:Organic Search', 1, 20],
    ])
  })

  test('draws the flow between steps, every path ending in the purchase', () => {
    const { nodes, links } = map()
    expect([...links].sort(byKey)).toEqual(
      [
        { from: '0|consideration|Paid Social', to: '1|purchase|Email', flow: 2 },
        { from: '1|purchase|Email', to: PURCHASE_NODE, flow: 2 },
        { from: '0|purchase|Organic Search', to: PURCHASE_NODE, flow: 1 },
        { from: '0|purchase|Organic Search', to: '1|retention|Direct', flow: 1 },
        { from: '1|retention|Direct', to: PURCHASE_NODE, flow: 1 },
      ].sort(byKey),
    )
    expect(nodes.find((n) => n.key === '1|retention|Direct')).toEqual({ key: '1|retention|Direct', label: 'Retention · Direct', column: 1, phase: 'retention' })
    expect(nodes.find((n) => n.key === PURCHASE_NODE)).toEqual({ key: PURCHASE_NODE, label: 'Purchase', column: 2 })
  })

  test('labels the session of a first purchase with a login purchase, and the customer’s next one retention', () => {
    const loggedIn = [
      ...visit('d', T0, DIRECT, [[0, 'page']]),
      ...visit('d', T0 + DAY, DIRECT, [[0, 'page'], [1, 'identify'], [2, 'purchase', { value: 30 }]]),
      ...visit('d', T0 + 9 * DAY, DIRECT, [[0, 'page'], [1, 'identify'], [2, 'purchase', { value: 35 }]]),
    ]
    const { conversions } = findConversions(buildSessions(loggedIn))
    const { paths } = journeyMap(conversions, () => conversions[0].at)
    expect(paths.map((p) => p.steps.map((s) => `${s.phase}:${s.channel}`).join(' > '))).toEqual([
      'awareness:Direct > purchase:Direct > retention:Direct',
      'awareness:Direct > purchase:Direct',
    ])
  })

  test('keeps the last steps of a long path', () => {
    const { paths, nodes } = map({ maxSteps: 1 })
    expect(paths[0].steps).toEqual([{ phase: 'purchase', channel: 'Email' }])
    expect(nodes.find((n) => n.key === '0|purchase|Email')?.label).toBe('… Purchase · Email')
  })
})

function byKey(a: { from: string; to: string }, b: { from: string; to: string }) {
  return `${a.from}>${a.to}` < `${b.from}>${b.to}` ? -1 : 1
}

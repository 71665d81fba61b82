import { describe, expect, test } from 'vitest'
import { DAY, EMAIL, HOUR, PAID_SOCIAL, T0, visit } from '../test/report-events.js'
import { cartReport } from './carts.js'
import { buildSessions } from './sessions.js'

const jeansAbandoned = T0 + 30 * 60_000
const events = [
  // a: jeans in the cart, abandoned; recovered the next day through the email.
  ...visit('a', T0, PAID_SOCIAL, [[0, 'page'], [1, 'add_to_cart', { value: 59.9 }]]),
  ...visit('a', T0 + DAY, EMAIL, [
    [0, 'cart_abandoned', { value: 59.9, stage: 'cart', abandoned: { version: 'jeans*1', at: jeansAbandoned } }],
    [0.1, 'page'],
    [0.2, 'cart_restored', { value: 59.9, abandoned: { version: 'jeans*1', at: jeansAbandoned, restored: true } }],
    [5, 'purchase', { value: 59.9 }],
    [5, 'cart_recovered', { value: 59.9, abandonedAt: jeansAbandoned, sinceAbandonedMs: DAY }],
  ]),
  // b: a tee left at checkout, never bought; reported twice (two tabs), counted once.
  ...visit('b', T0 + 2 * HOUR, {}, [
    [0, 'page'],
    [31, 'cart_abandoned', { value: 19.9, stage: 'checkout', abandoned: { version: 'tee*1', at: T0 + 2 * HOUR + 30 * 60_000 } }],
    [32, 'cart_abandoned', { value: 19.9, stage: 'checkout', abandoned: { version: 'tee*1', at: T0 + 2 * HOUR + 30 * 60_000 } }],
  ]),
]

describe('cartReport', () => {
  test('counts abandoned carts, the ones recovered, by which channel, and the value still at stake', () => {
    expect(cartReport(buildSessions(events), () => true)).toEqual({
      abandoned: 2,
      inferred: 0,
      recovered: 1,
      recoveryRate: 0.5,
      restored: 1,
      abandonedValue: expect.closeTo(79.8, 9),
      recoveredValue: 59.9,
      atStakeValue: 19.9,
      byChannel: [{ channel: 'Email', recovered: 1, value: 59.9 }],
      byStage: [
        { stage: 'cart', abandoned: 1, value: 59.9 },
        { stage: 'checkout', abandoned: 1, value: 19.9 },
      ],
    })
  })

  test('counts as coming back a page view after the abandonment, not the cart_restored a closing tab can send', () => {
    const left = T0 + 30 * 60_000
    const closedTab = [
      ...visit('max', T0, {}, [[0, 'page'], [1, 'add_to_cart']]),
      ...visit('max', T0 + 31 * 60_000, {}, [
        [0, 'cart_abandoned', { value: 19.9, abandoned: { at: left } }],
        [0.1, 'page_vitals'],
        [0.1, 'cart_restored', { abandoned: { at: left, restored: true } }],
      ]),
    ]
    expect(buildSessions(closedTab)).toHaveLength(1)
    expect(cartReport(buildSessions(closedTab), () => true).restored).toBe(0)
    const back = [...closedTab, ...visit('max', T0 + DAY, {}, [[0, 'page']])]
    expect(cartReport(buildSessions(back), () => true).restored).toBe(1)
  })

  test('counts a cart of an absurd value without it, keeping the value of the others', () => {
    const absurd = visit('c', T0 + 3 * HOUR, {}, [[0, 'page'], [31, 'cart_abandoned', { value: 1e308, abandoned: { at: T0 + 3 * HOUR + 30 * 60_000 } }]])
    expect(cartReport(buildSessions([...events, ...absurd]), () => true)).toMatchObject({ abandoned: 3, abandonedValue: expect.closeTo(79.8, 9), atStakeValue: 19.9 })
  })

  test('infers the carts of visitors who closed the tab and did not come back, which no browser reports', () => {
    const MIN = 60_000
    const left = [
      // Jeans in the cart, a look at a product page, the tab closed: never reported.
      ...visit('c', T0, {}, [[0, 'page'], [1, 'add_to_cart', { value: 59.9 }], [10, 'page']]),
      // Checkout reached (its value is the whole cart), the voucher refused, gone.
      ...visit('d', T0, {}, [[0, 'add_to_cart', { value: 59.9 }], [1, 'add_to_cart', { value: 19.9 }], [2, 'begin_checkout', { value: 79.8 }], [3, 'checkout_error', { kind: 'voucher', value: 79.8 }]]),
      // Added and removed again: nothing left.
      ...visit('e', T0, {}, [[0, 'add_to_cart', { value: 19.9 }], [1, 'remove_from_cart', { value: 19.9 }]]),
      // Bought: nothing left.
      ...visit('f', T0, {}, [[0, 'add_to_cart', { value: 19.9 }], [2, 'purchase', { value: 19.9 }]]),
      // Seen again after the 30 minutes: the browser looked then (and reports it itself).
      ...visit('g', T0, {}, [[0, 'add_to_cart', { value: 9.9 }], [45, 'page']]),
    ]
    const sessions = buildSessions([...events, ...left])
    const report = cartReport(sessions, () => true, T0 + 2 * HOUR)
    expect(report).toMatchObject({ abandoned: 4, inferred: 2, recovered: 1, atStakeValue: expect.closeTo(19.9 + 59.9 + 79.8, 9) })
    expect(report.byStage).toEqual([
      { stage: 'cart', abandoned: 2, value: expect.closeTo(119.8, 9) },
      { stage: 'checkout', abandoned: 2, value: expect.closeTo(99.7, 9) },
    ])
    // Not before the 30 minutes are up: the visitor may still be on the page, and the browser will tell.
    expect(cartReport(sessions, () => true, T0 + 20 * MIN).inferred).toBe(0)
    // In the period of its abandonment (30 minutes after the last cart activity) only.
    expect(cartReport(sessions, (at) => at >= T0 + DAY, T0 + 2 * DAY).inferred).toBe(0)
  })

  test('counts the carts abandoned in the period only', () => {
    const report = cartReport(buildSessions(events), (at) => at >= T0 + 2 * HOUR && at < T0 + DAY)
    expect(report).toMatchObject({ abandoned: 1, recovered: 0, recoveryRate: 0, atStakeValue: 19.9, restored: 0 })
  })
})

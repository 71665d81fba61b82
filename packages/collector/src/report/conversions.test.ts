import { describe, expect, test } from 'vitest'
import { DAY, DIRECT, EMAIL, ORGANIC_SEARCH, T0, visit } from '../test/report-events.js'
import { findConversions, itemsValue } from './conversions.js'
import { buildSessions } from './sessions.js'

describe('findConversions', () => {
  test('finds each purchase once per transaction id, with its value and the visits of the lookback window', () => {
    const sessions = buildSessions([
      ...visit('a', T0, ORGANIC_SEARCH, [[0, 'page']]),
      ...visit('a', T0 + 50 * DAY, EMAIL, [[0, 'page']]),
      ...visit('a', T0 + 100 * DAY, DIRECT, [
        [0, 'page'],
        [3, 'purchase', { transaction_id: 'T-1', value: 59.9, currency: 'EUR' }],
        // The thank-you page reloaded: the same order again.
        [4, 'purchase', { transaction_id: 'T-1', value: 59.9, currency: 'EUR' }],
        [9, 'purchase', { transaction_id: 'T-2', currency: 'EUR', items: [{ item_id: 'belt', price: 24.9, quantity: 2 }] }],
      ]),
    ])
    const { conversions, currency, notes } = findConversions(sessions)
    expect(currency).toBe('EUR')
    expect(notes).toEqual([])
    expect(conversions.map((c) => [c.transactionId, c.value])).toEqual([['T-1', 59.9], ['T-2', 49.8]])
    // Day 0 is 100 days before: outside the default 90 days.
    expect(conversions[0].path.map((s) => s.touch.channel)).toEqual(['Email', 'Direct'])
    expect(findConversions(sessions, { lookbackMs: 120 * DAY }).conversions[0].path.map((s) => s.touch.channel)).toEqual(['Organic Search', 'Email', 'Direct'])
    expect(findConversions(sessions, { lookbackMs: 30 * DAY }).conversions[0].path).toHaveLength(1)
  })

  test('counts purchases in another currency without their revenue, and says so', () => {
    const sessions = buildSessions(
      visit('a', T0, DIRECT, [
        [0, 'purchase', { value: 10, currency: 'EUR' }],
        [1, 'purchase', { value: 20, currency: 'eur' }],
        [2, 'purchase', { value: 30, currency: 'USD' }],
      ]),
    )
    const { conversions, currency, notes } = findConversions(sessions)
    expect(currency).toBe('EUR')
    expect(conversions.map((c) => c.value)).toEqual([10, 20, undefined])
    expect(notes).toEqual(['1 purchase in USD counted as conversions, left out of revenue (report currency EUR)'])
    expect(findConversions(sessions, { currency: 'USD' }).conversions.map((c) => c.value)).toEqual([undefined, undefined, 30])
  })

  test('counts a purchase of an absurd value without its revenue, and says so, keeping every other revenue', () => {
    const sessions = buildSessions(
      visit('a', T0, DIRECT, [
        [0, 'purchase', { value: 1e308, currency: 'EUR' }],
        [1, 'purchase', { value: 1.7e308, currency: 'EUR' }],
        [2, 'purchase', { currency: 'EUR', items: [{ price: 1e200, quantity: 1e200 }] }],
        [3, 'purchase', { value: 59.9, currency: 'EUR' }],
        [4, 'purchase', { value: 1e12, currency: 'EUR' }],
      ]),
    )
    const { conversions, notes } = findConversions(sessions)
    expect(conversions.map((c) => c.value)).toEqual([undefined, undefined, undefined, 59.9, 1e12])
    expect(notes).toEqual(['3 purchases with a value beyond ±1,000,000,000,000 counted as conversions, left out of revenue'])
  })
})

describe('itemsValue', () => {
  test('adds price × quantity, quantity 1 when absent, skipping items without a price', () => {
    expect(itemsValue([{ price: 59.9, quantity: 2 }, { price: '24.90' }, { item_id: 'gift' }])).toBe(144.7)
    expect(itemsValue([{ item_id: 'x' }])).toBeUndefined()
    expect(itemsValue('nope')).toBeUndefined()
  })
})

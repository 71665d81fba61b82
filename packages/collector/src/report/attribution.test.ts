import { describe, expect, test } from 'vitest'
import { attribute, creditShares, MODELS, type AttributableConversion, type CreditTouch } from './attribution.js'

const DAY = 86_400_000
const touch = (day: number, channel: string): CreditTouch => ({ at: day * DAY, channel })

/**
 * The fixture. Every number below is worked out by hand in the comments; the ages are whole half-lives (7 days),
 * so that time decay's weights are powers of two.
 */
const conversions: AttributableConversion[] = [
  // A: Paid Search (day 0) → Email (day 7) → Direct (day 14) → Direct (day 21), bought on day 21 for 150.
  { at: 21 * DAY, value: 150, touches: [touch(0, 'Paid Search'), touch(7, 'Email'), touch(14, 'Direct'), touch(21, 'Direct')] },
  // B: one touch, Organic Social, 50.
  { at: 3 * DAY, value: 50, touches: [touch(3, 'Organic Social')] },
  // C: only direct visits (days 0 and 1), 30.
  { at: 1 * DAY, value: 30, touches: [touch(0, 'Direct'), touch(1, 'Direct')] },
  // D: a conversion without a value (counts, brings no revenue): Email.
  { at: 5 * DAY, touches: [touch(5, 'Email')] },
]

/** `model`'s credit as plain objects, rounded to 1e-9 against float noise. */
function credits(model: (typeof MODELS)[number]) {
  const byChannel = attribute(conversions).get(model)!
  return Object.fromEntries(
    [...byChannel].map(([channel, c]) => [channel, { conversions: +c.conversions.toFixed(9), revenue: +c.revenue.toFixed(9) }]),
  )
}

describe('attribution models on the hand-computed fixture', () => {
  test('first touch gives each conversion to its first touch', () => {
    // A → Paid Search 150; B → Organic Social 50; C → Direct 30; D → Email (no value).
    expect(credits('first')).toEqual({
      'Paid Search': { conversions: 1, revenue: 150 },
      'Organic Social': { conversions: 1, revenue: 50 },
      Direct: { conversions: 1, revenue: 30 },
      Email: { conversions: 1, revenue: 0 },
    })
  })

  test('last touch gives each conversion to its last touch, direct or not', () => {
    // A → Direct 150; C → Direct 30: Direct 2 conversions, 180.
    expect(credits('last')).toEqual({
      Direct: { conversions: 2, revenue: 180 },
      'Organic Social': { conversions: 1, revenue: 50 },
      Email: { conversions: 1, revenue: 0 },
    })
  })

  test('last non-direct skips direct touches, unless every touch is direct', () => {
    // A → Email (the last touch that is not Direct) 150; C is all Direct → Direct 30; D → Email 0.
    expect(credits('last_non_direct')).toEqual({
      Email: { conversions: 2, revenue: 150 },
      'Organic Social': { conversions: 1, revenue: 50 },
      Direct: { conversions: 1, revenue: 30 },
    })
  })

  test('linear shares each conversion equally', () => {
    // A: 4 touches, 1/4 each = 37.50: Paid Search 37.50, Email 37.50, Direct 2 × 37.50 = 75.
    // C: 2 touches, both Direct: 1 conversion, 30. D: Email + 1 conversion.
    expect(credits('linear')).toEqual({
      'Paid Search': { conversions: 0.25, revenue: 37.5 },
      Email: { conversions: 0.25 + 1, revenue: 37.5 },
      Direct: { conversions: 0.5 + 1, revenue: 75 + 30 },
      'Organic Social': { conversions: 1, revenue: 50 },
    })
  })

  test('position based gives 40 % to the first and last touch and shares 20 % between the others', () => {
    // A: Paid Search 40 % = 60; Email 20 %/2 = 10 % = 15; Direct 10 % + 40 % = 50 % = 75. C: 50/50, both Direct.
    expect(credits('position')).toEqual({
      'Paid Search': { conversions: 0.4, revenue: 60 },
      Email: { conversions: 0.1 + 1, revenue: 15 },
      Direct: { conversions: 0.5 + 1, revenue: 75 + 30 },
      'Organic Social': { conversions: 1, revenue: 50 },
    })
  })

  test('time decay halves the weight of a touch every 7 days before the conversion', () => {
    // A: ages 21, 14, 7 and 0 days → weights 1/8, 1/4, 1/2, 1; sum 15/8 → shares 1/15, 2/15, 4/15, 8/15 of 150:
    // Paid Search 10, Email 20, Direct 40 + 80 = 120. C: ages 1 day and 0 → all Direct anyway.
    expect(credits('time_decay')).toEqual({
      'Paid Search': { conversions: +(1 / 15).toFixed(9), revenue: 10 },
      Email: { conversions: +(2 / 15 + 1).toFixed(9), revenue: 20 },
      Direct: { conversions: +(12 / 15 + 1).toFixed(9), revenue: 120 + 30 },
      'Organic Social': { conversions: 1, revenue: 50 },
    })
  })

  test('every model credits exactly the conversions and revenue there are', () => {
    // 4 conversions, 150 + 50 + 30 = 230.
    for (const model of MODELS) {
      const all = [...attribute(conversions).get(model)!.values()]
      expect(all.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(4, 9)
      expect(all.reduce((s, c) => s + c.revenue, 0)).toBeCloseTo(230, 9)
    }
  })
})

describe('creditShares', () => {
  test('takes the half-life as an option', () => {
    // Half-life 21 days: the touch 21 days old weighs 1/2, the one on the day 1 → shares 1/3 and 2/3.
    const shares = creditShares('time_decay', [touch(0, 'Email'), touch(21, 'Direct')], 21 * DAY, { halfLifeMs: 21 * DAY })
    expect(shares[0]).toBeCloseTo(1 / 3, 12)
    expect(shares[1]).toBeCloseTo(2 / 3, 12)
  })

  test('shares the middle 20 % of position based among any number of touches', () => {
    const five = ['A', 'B', 'C', 'D', 'E'].map((c, i) => touch(i, c))
    // 20 % over three middle touches: 0.0667 each.
    expect(creditShares('position', five, 4 * DAY).map((s) => +s.toFixed(4))).toEqual([0.4, 0.0667, 0.0667, 0.0667, 0.4])
    expect(creditShares('position', five.slice(0, 3), 2 * DAY)).toEqual([0.4, 0.2, 0.4])
  })

  test('gives nothing for no touches, everything to a lone touch', () => {
    for (const model of MODELS) {
      expect(creditShares(model, [], 0)).toEqual([])
      expect(creditShares(model, [touch(0, 'Direct')], 0)).toEqual([1])
    }
  })

  test('treats a touch recorded after the conversion (clock noise) as age zero', () => {
    // The Direct touch is a day "after" the conversion: it weighs 1, like the Email touch of the same day.
    const [a, b] = creditShares('time_decay', [touch(7, 'Email'), touch(8, 'Direct')], 7 * DAY)
    expect(a).toBeCloseTo(0.5, 12)
    expect(b).toBeCloseTo(0.5, 12)
  })
})

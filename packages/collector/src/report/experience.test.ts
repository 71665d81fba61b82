import { describe, expect, test } from 'vitest'
import { DIRECT, HOUR, T0, visit } from '../test/report-events.js'
import { experienceReport, p75, rate } from './experience.js'
import { buildSessions } from './sessions.js'

describe('page experience', () => {
  test('rates by web-vitals thresholds, inclusive of the good limit', () => {
    expect([rate('lcp', 2500), rate('lcp', 2501), rate('lcp', 4001)]).toEqual(['good', 'needs-improvement', 'poor'])
    expect([rate('cls', 0.1), rate('cls', 0.25), rate('inp', 501)]).toEqual(['good', 'needs-improvement', 'poor'])
  })

  test('takes the 75th percentile by nearest rank', () => {
    expect(p75([400, 100, 300, 200])).toBe(300)
    expect(p75([7])).toBe(7)
    expect(p75([1, 2, 3, 4, 5])).toBe(4)
    expect(p75([])).toBeUndefined()
  })

  test('summarises vitals per page with landings, and lists checkout errors, rage clicks and page errors', () => {
    const events = [
      ...visit('a', T0, DIRECT, [
        [0, 'page', {}, '/'],
        [1, 'page_vitals', { path: '/', lcp: 1200, lcpRating: 'good', cls: 0.02, ttfb: 90 }],
        [1, 'page', {}, '/checkout'],
        [2, 'checkout_error', { kind: 'voucher', message: 'Code RUN20 is not valid' }],
        [2.1, 'checkout_error', { kind: 'voucher', message: 'Code RUN20 is not valid' }],
        [2.2, 'rage_click', { selector: '#apply', count: 3 }],
        [3, 'page_vitals', { path: '/checkout', lcp: 3000, inp: 560 }],
      ]),
      ...visit('b', T0 + HOUR, DIRECT, [
        [0, 'page', {}, '/'],
        [0.5, 'page_error', { kind: 'error', message: 'x is undefined', source: 'shop.js' }],
        [1, 'page_vitals', { path: '/', lcp: 2600, cls: 0.3 }],
        [2, 'checkout_error', { kind: 'payment', message: 'Card declined' }],
      ]),
    ]
    const report = experienceReport(buildSessions(events))
    expect(report.pages.map((p) => [p.path, p.views, p.landings])).toEqual([
      ['/', 2, 2],
      ['/checkout', 1, 0],
    ])
    // LCP on /: 1200 and 2600 → p75 by nearest rank is 2600, needs improvement.
    expect(report.pages[0].metrics.lcp).toEqual({ p75: 2600, rating: 'needs-improvement', good: 1, needsImprovement: 1, poor: 0 })
    expect(report.pages[0].metrics.inp).toEqual({ good: 0, needsImprovement: 0, poor: 0 })
    expect(report.pages[1].metrics.inp).toEqual({ p75: 560, rating: 'poor', good: 0, needsImprovement: 0, poor: 1 })
    expect(report.checkoutErrors).toEqual([
      { kind: 'voucher', message: 'Code RUN20 is not valid', count: 2, sessions: 1 },
      { kind: 'payment', message: 'Card declined', count: 1, sessions: 1 },
    ])
    expect(report.rageClicks).toEqual([{ path: '/checkout', selector: '#apply', bursts: 1, clicks: 3 }])
    expect(report.pageErrors).toEqual([{ message: 'x is undefined', source: 'shop.js', count: 1 }])
  })
})

import { describe, expect, test } from 'vitest'
import { buildReport } from '../report/build-report.js'
import { DAY, DIRECT, EMAIL, PAID_SOCIAL, T0, qrTouch, visit } from '../test/report-events.js'
import { chartHasData, dashboardPage } from './page.js'
import { dashboardCharts } from './charts.js'
import { channelColour } from './colours.js'

const events = [
  ...visit('a', T0, PAID_SOCIAL, [[0, 'page', {}, '/p'], [1, 'page_vitals', { path: '/p', lcp: 1800 }], [2, 'cart_abandoned', { value: 59.9, abandoned: { at: T0 } }]]),
  ...visit('a', T0 + DAY, EMAIL, [[0, 'page', {}, '/cart'], [3, 'purchase', { value: 59.9, currency: 'EUR' }], [3, 'cart_recovered', { value: 59.9, abandonedAt: T0 }]]),
  ...visit('b', T0, qrTouch('BOOTH'), [[0, 'page', {}, '/fair'], [0, 'qr_scan', { code: 'BOOTH' }], [1, 'page_vitals', { path: '/fair', lcp: 4200 }]]),
  ...visit('b', T0 + 5 * DAY, DIRECT, [[0, 'page', {}, '/'], [2, 'purchase', { value: 100, currency: 'EUR' }]]),
]

describe('dashboardCharts', () => {
  test('gives every chart data to draw for a shop with journeys', () => {
    const charts = dashboardCharts(buildReport(events))
    expect(charts.map((c) => c.id)).toEqual(['channels', 'models', 'journeys', 'carts', 'qr', 'vitals'])
    for (const chart of charts) expect(chartHasData(chart), chart.id).toBe(true)
    const vitals = charts.find((c) => c.id === 'vitals')!
    expect(vitals.config.data.labels).toEqual(['/fair', '/p'])
    // Coloured by rating: 4200 ms is poor, 1800 ms good.
    expect(vitals.config.data.datasets[0].backgroundColor).toEqual(['#ff4e42', '#0cce6b'])
    const journeys = charts.find((c) => c.id === 'journeys')!
    expect(journeys.config.data.datasets[0].data).toContainEqual({ from: '0|awareness|Paid Social', to: '1|purchase|Email', flow: 1 })
    expect(journeys.nodeColours!['1|purchase|Email']).toBe('#10b981')
  })

  test('has nothing to draw, and the page says so, for a period without events', () => {
    const report = buildReport([])
    const charts = dashboardCharts(report)
    expect(charts.filter((c) => chartHasData(c))).toEqual([])
    const html = dashboardPage(report, { charts, sites: [], query: {} })
    expect(html.match(/No data in this period\./g)).toHaveLength(6)
    expect(html).not.toContain('<canvas')
    expect(html).toContain('All sites · no events yet · EUR')
  })
})

describe('channelColour', () => {
  test('gives a channel named like what every object inherits a spare colour', () => {
    for (const channel of ['constructor', 'toString', '__proto__']) expect(channelColour(channel)).toMatch(/^#[0-9a-f]{6}$/)
    expect(channelColour('Email')).toBe('#f59e0b')
  })
})

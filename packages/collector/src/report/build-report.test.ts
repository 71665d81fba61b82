import { describe, expect, test } from 'vitest'
import { DAY, DIRECT, EMAIL, HOUR, ORGANIC_SEARCH, PAID_SOCIAL, T0, qrTouch, visit } from '../test/report-events.js'
import { buildReport } from './build-report.js'
import { formatCsv } from './format-csv.js'
import { formatTable } from './format-table.js'
import { parseQrManifest } from './qr.js'

const BLOG = {
  campaign: { source: 'trailrunning-blog.example', medium: 'referral' },
  touchpoint: { channel: 'Referral', referrerCategory: 'referral' },
  referrer: 'https://trailrunning-blog.example/best-tees',
}
const JEANS_LEFT = T0 + 19 * HOUR + 32 * 60_000
const TEE_LEFT = T0 + 2 * DAY + 13 * HOUR + 36 * 60_000

/** The demo's four stories as the browser would store them (times exact here; the demo's e2e test has the real run). */
const events = [
  // Lena: an Instagram ad on Monday evening, jeans into the cart, gone. Tuesday morning the reminder email: bought.
  ...visit('lena', T0 + 19 * HOUR, PAID_SOCIAL, [[0, 'page', {}, '/product'], [1, 'view_item'], [2, 'add_to_cart', { value: 59.9 }], [2, 'page', {}, '/cart'], [2, 'view_cart']]),
  ...visit('lena', T0 + DAY + 8 * HOUR, EMAIL, [
    [0, 'cart_abandoned', { value: 59.9, stage: 'cart', abandoned: { at: JEANS_LEFT } }, '/cart'],
    [0, 'page'],
    [0, 'cart_restored', { abandoned: { at: JEANS_LEFT } }],
    [1, 'begin_checkout'],
    [2, 'purchase', { transaction_id: 'T-1', value: 59.9, currency: 'EUR' }, '/thanks'],
    [2, 'cart_recovered', { value: 59.9, abandonedAt: JEANS_LEFT }],
  ]),
  // Jonas: from Google on Tuesday evening, a tee bought.
  ...visit('jonas', T0 + DAY + 20 * HOUR, ORGANIC_SEARCH, [[0, 'page', {}, '/'], [1, 'add_to_cart'], [2, 'purchase', { transaction_id: 'T-2', value: 19.9, currency: 'EUR' }, '/thanks']]),
  // Max: a running blog, a six-second glance at the tee (no engaged session), then Google an hour later; the
  // voucher is refused, the tee left at checkout.
  ...visit('max', T0 + 2 * DAY + 12 * HOUR, BLOG, [[0, 'page', {}, '/product'], [0.1, 'view_item']]),
  ...visit('max', T0 + 2 * DAY + 13 * HOUR, ORGANIC_SEARCH, [
    [0, 'page', {}, '/'],
    [1, 'add_to_cart'],
    [2, 'page', {}, '/checkout'],
    [3, 'checkout_error', { kind: 'voucher', message: 'Code RUN20 is not valid' }],
    [6, 'rage_click', { selector: '#apply', count: 3 }],
    [36, 'cart_abandoned', { value: 19.9, stage: 'checkout', abandoned: { at: TEE_LEFT } }],
  ]),
  // Petra: the trade-fair booth's code on Thursday; three weeks later she comes back directly and orders.
  ...visit('petra', T0 + 3 * DAY + 10 * HOUR, qrTouch('FAIR-BOOTH-12'), [[0, 'page', {}, '/fair'], [0, 'qr_scan', { code: 'FAIR-BOOTH-12' }], [1, 'view_item']]),
  ...visit('petra', T0 + 24 * DAY + 14 * HOUR, DIRECT, [[0, 'page', {}, '/'], [5, 'purchase', { transaction_id: 'T-3', value: 144.7, currency: 'EUR' }, '/thanks']]),
  // Jonas again, directly, twice: looks, and two weeks later buys a belt.
  ...visit('jonas', T0 + 15 * DAY + 18 * HOUR, DIRECT, [[0, 'page', {}, '/'], [1, 'view_item']]),
  ...visit('jonas', T0 + 29 * DAY + 9 * HOUR, DIRECT, [[0, 'page', {}, '/'], [3, 'purchase', { transaction_id: 'T-4', value: 24.9, currency: 'EUR' }, '/thanks']]),
]

const manifest = parseQrManifest({
  format: 'touchtrail-qr',
  placements: { 'FAIR-BOOTH-12': { kind: 'booth', location: 'Hall 4, booth 12' }, 'POSTER-HBF': { kind: 'poster' } },
})

describe('buildReport on the demo stories', () => {
  const report = buildReport(events, { qrManifest: manifest })

  test('counts visitors, sessions, purchases and revenue overall and per channel', () => {
    // 9 sessions of 4 visitors, all engaged but Max's six seconds on the blog's link; 4 purchases:
    // 59.90 + 19.90 + 144.70 + 24.90 = 249.40; 249.40 / 4 = 62.35.
    expect(report.totals).toEqual({ visitors: 4, sessions: 9, engagedSessions: 8, engagementRate: 0.8889, conversions: 4, revenue: 249.4, conversionRate: 0.4444, averageOrderValue: 62.35 })
    const engaged = (sessions: number) => ({ sessions, engagedSessions: sessions, engagementRate: 1 })
    expect(Object.fromEntries(report.channels.map(({ channel, ...r }) => [channel, r]))).toEqual({
      Direct: { visitors: 2, ...engaged(3), conversions: 2, revenue: 169.6, conversionRate: 0.6667 },
      Email: { visitors: 1, ...engaged(1), conversions: 1, revenue: 59.9, conversionRate: 1 },
      'Organic Search': { visitors: 2, ...engaged(2), conversions: 1, revenue: 19.9, conversionRate: 0.5 },
      'Paid Social': { visitors: 1, ...engaged(1), conversions: 0, revenue: 0, conversionRate: 0 },
      Referral: { visitors: 1, sessions: 1, engagedSessions: 0, engagementRate: 0, conversions: 0, revenue: 0, conversionRate: 0 },
      'QR / Print': { visitors: 1, ...engaged(1), conversions: 0, revenue: 0, conversionRate: 0 },
    })
    expect(report.campaigns.map((c) => `${c.source} / ${c.medium} / ${c.campaign}`)).toEqual([
      '(direct) / (none) / (not set)',
      'newsletter / email / cart-reminder',
      'google / organic / (not set)',
      'instagram / paid_social / autumn-denim',
      'trailrunning-blog.example / referral / (not set)',
      '(not set) / qr / trade-fair-2026',
    ])
  })

  test('takes a scan’s source from the QR manifest when its link carried none (the generator’s short link)', () => {
    const withSource = parseQrManifest({ format: 'touchtrail-qr', placements: { 'FAIR-BOOTH-12': { kind: 'booth', source: 'trade-fair' } } })
    const campaigns = buildReport(events, { qrManifest: withSource }).campaigns.map((c) => `${c.source} / ${c.medium} / ${c.campaign}`)
    expect(campaigns).toContain('trade-fair / qr / trade-fair-2026')
    expect(campaigns).not.toContain('(not set) / qr / trade-fair-2026')
    // A source the link carried stays; a code the manifest lacks (or names like `constructor`) fills nothing.
    const tagged = visit('ute', T0, { campaign: { source: 'poster-print', medium: 'qr' }, touchpoint: { qrCode: 'FAIR-BOOTH-12' } }, [[0, 'page']])
    const odd = visit('olaf', T0, { campaign: { medium: 'qr' }, touchpoint: { qrCode: 'constructor' } }, [[0, 'page']])
    const more = buildReport([...tagged, ...odd], { qrManifest: withSource }).campaigns.map((c) => `${c.source} / ${c.medium}`)
    expect(more.sort()).toEqual(['(not set) / qr', 'poster-print / qr'])
  })

  test('credits the purchases under every model', () => {
    const revenue = Object.fromEntries(report.attribution.channels.map((c) => [c.channel, Object.fromEntries(Object.entries(c.credits).map(([m, v]) => [m, v.revenue]))]))
    // Time decay, half-life 168 h: Lena's ad is 13 h older than her purchase: 2^(-13/168) = 0.9478 against 1 →
    // 48.66 % of 59.90 = 29.15. Petra's scan is 508 h older: 2^(-508/168) = 0.1229 → 10.95 % of 144.70 = 15.84.
    // Jonas's search visit 661 h, his first direct one 327 h: 0.0654, 0.2594 and 1 → 4.94 %, 19.58 %, 75.48 % of 24.90.
    expect(revenue).toEqual({
      Email: { first: 0, last: 59.9, last_non_direct: 59.9, linear: 29.95, time_decay: 30.75, position: 29.95 },
      'Organic Search': { first: 44.8, last: 19.9, last_non_direct: 44.8, linear: 28.2, time_decay: 21.13, position: 29.86 },
      'QR / Print': { first: 144.7, last: 0, last_non_direct: 144.7, linear: 72.35, time_decay: 15.84, position: 72.35 },
      'Paid Social': { first: 59.9, last: 0, last_non_direct: 0, linear: 29.95, time_decay: 29.15, position: 29.95 },
      Direct: { first: 0, last: 169.6, last_non_direct: 0, linear: 88.95, time_decay: 152.53, position: 87.29 },
    })
    const conversions = Object.fromEntries(report.attribution.channels.map((c) => [c.channel, c.credits.position.conversions]))
    // Position based: Jonas's three visits 40/20/40; Lena's and Petra's two 50/50.
    expect(conversions).toEqual({ Email: 0.5, 'Organic Search': 1.4, 'QR / Print': 0.5, 'Paid Social': 0.5, Direct: 1.1 })
  })

  test('maps the paths to purchase by phase', () => {
    expect(report.journeys.paths.map((p) => p.steps.map((s) => `${s.phase} ${s.channel}`).join(' > '))).toEqual([
      'consideration QR / Print > purchase Direct',
      'consideration Paid Social > purchase Email',
      'purchase Organic Search > retention Direct > retention Direct',
      'purchase Organic Search',
    ])
  })

  test('finds the recovered and the lost cart, the QR funnel and the pain points', () => {
    expect(report.carts).toMatchObject({ abandoned: 2, recovered: 1, recoveryRate: 0.5, restored: 1, abandonedValue: 79.8, recoveredValue: 59.9, atStakeValue: 19.9 })
    expect(report.carts.byChannel).toEqual([{ channel: 'Email', recovered: 1, value: 59.9 }])
    expect(report.qr.placements.map((p) => [p.code, p.scans, p.sessions, p.purchases, p.revenue])).toEqual([
      ['FAIR-BOOTH-12', 1, 1, 1, 144.7],
      ['POSTER-HBF', 0, 0, 0, 0],
    ])
    expect(report.experience.checkoutErrors).toEqual([{ kind: 'voucher', message: 'Code RUN20 is not valid', count: 1, sessions: 1 }])
    expect(report.experience.rageClicks).toEqual([{ path: '/checkout', selector: '#apply', bursts: 1, clicks: 3 }])
  })

  test('keeps to the period, with the visits before it still leading to its purchases', () => {
    // From day 20: Petra's and Jonas's last visits; their earlier touches still count.
    const late = buildReport(events, { from: new Date(T0 + 20 * DAY) })
    expect(late.totals).toMatchObject({ sessions: 2, conversions: 2, revenue: 169.6 })
    expect(late.attribution.channels.find((c) => c.channel === 'QR / Print')?.credits.first.revenue).toBe(144.7)
    expect(late.carts.abandoned).toBe(0)
    expect(buildReport(events, { site: 'another-shop' }).totals.sessions).toBe(0)
  })

  test('leaves the events of bots out, with a note, unless asked to count them', () => {
    const crawler = visit('crawler', T0 + 2 * DAY, ORGANIC_SEARCH, [[0, 'page', {}, '/'], [0.1, 'page', {}, '/product'], [0.2, 'view_item']], { bot: true })
    const withBots = buildReport([...events, ...crawler], { qrManifest: manifest })
    expect(withBots.totals).toEqual(report.totals)
    expect(withBots.channels).toEqual(report.channels)
    expect(withBots.notes).toEqual([...report.notes, '3 events of bots and automated browsers (by their user agent) left out'])
    const counted = buildReport([...events, ...crawler], { qrManifest: manifest, includeBots: true })
    expect(counted.totals).toMatchObject({ visitors: 5, sessions: 10 })
    expect(counted.notes).toEqual(report.notes)
    // Only the period's bot events are counted in the note.
    expect(buildReport([...events, ...crawler], { from: new Date(T0 + 3 * DAY) }).notes.join()).not.toContain('bots')
  })

  test('writes the report as tables and as long-form CSV', () => {
    const text = formatTable(report)
    expect(text).toContain('Revenue')
    expect(text).toMatch(/Direct\s+2\s+3\s+100%\s+2\s+€169\.60\s+66\.7%/)
    expect(text).toMatch(/Referral\s+1\s+1\s+0%\s+0\s+€0\.00\s+0%/)
    expect(text).toMatch(/QR \/ Print\s+€144\.70\s+€0\.00\s+€144\.70\s+€72\.35\s+€15\.84\s+€72\.35/)
    expect(text).toMatch(/FAIR-BOOTH-12\s+booth\s+Hall 4, booth 12\s+1\s+1\s+1\s+€144\.70/)
    // The vitals reports, not the page views: named so that nobody reads them as traffic.
    expect(text).toMatch(/Page\s+Landings\s+Views measured\s+LCP/)
    const csv = formatCsv(report).split('\n')
    expect(csv[0]).toBe('section,key,metric,value')
    expect(csv).toContain('totals,,revenue,249.4')
    expect(csv).toContain('channels,Referral,engaged_sessions,0')
    expect(csv).toContain('channels,Direct,engagement_rate,1')
    expect(csv).toContain('attribution,QR / Print,time_decay.revenue,15.84')
    expect(csv).toContain('checkout_errors,voucher: Code RUN20 is not valid,count,1')
  })
})

describe('buildReport on odd values', () => {
  test('keeps every revenue figure when one purchase carries an absurd value', () => {
    const report = buildReport([
      ...visit('big', T0, EMAIL, [[0, 'page'], [1, 'purchase', { value: 1e308, currency: 'EUR' }]]),
      ...visit('fine', T0, EMAIL, [[0, 'page'], [1, 'purchase', { value: 59.9, currency: 'EUR' }]]),
    ])
    expect(report.totals).toMatchObject({ conversions: 2, revenue: 59.9, averageOrderValue: 29.95 })
    expect(report.channels[0]).toMatchObject({ channel: 'Email', conversions: 2, revenue: 59.9 })
    expect(report.attribution.channels[0].credits.linear.revenue).toBe(59.9)
    expect(report.notes).toEqual(['1 purchase with a value beyond ±1,000,000,000,000 counted as conversions, left out of revenue'])
  })
})

describe('formatCsv', () => {
  test('quotes commas and keeps spreadsheet formulas from running', () => {
    const report = buildReport(visit('x', T0, { campaign: { source: '=HYPERLINK("x")', medium: 'a,b' }, touchpoint: { channel: 'Referral' } }, [[0, 'page']]))
    expect(formatCsv(report)).toContain(`campaigns,"'=HYPERLINK(""x"") / a,b / (not set)",sessions,1`)
  })
})

// The demo's simulation against a throwaway DuckDB: the report it gives must be exactly the one worked out by hand
// from the stories (scripts/demo/stories.mjs), through the API, the dashboard and the `report` command alike.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launch, ROOT, waitFor } from '../../../scripts/e2e/harness'
import { createClock, startDemo, type Demo } from '../../../scripts/demo/demo.mjs'
import { runStories, TIMELINE } from '../../../scripts/demo/stories.mjs'
import type { Report } from '../src/report/build-report'
import { main } from '../src/main'

const dir = mkdtempSync(join(tmpdir(), 'touchtrail-demo-e2e-'))
const db = join(dir, 'simulation.duckdb')
let browser: Browser
let demo: Demo
let report: Report

beforeAll(async () => {
  browser = await launch()
  demo = await startDemo({ db, collectorPort: 0, shopPort: 0, clock: createClock() })
  await runStories({ browser, demo })
  report = await (await fetch(`${demo.urls.dashboard.replace('/dashboard', '')}/api/report`)).json()
}, 180_000)

afterAll(async () => {
  await demo?.close()
  await browser?.close()
  rmSync(dir, { recursive: true, force: true })
})

const HOUR = 3_600_000
/** Hours between two times of the stories' calendar. */
const hours = (from: keyof typeof TIMELINE, to: keyof typeof TIMELINE) => (Date.parse(TIMELINE[to]) - Date.parse(TIMELINE[from])) / HOUR
/** Time decay's shares for touches `ages` hours before the purchase, half-life 7 days = 168 h. */
const decay = (...ages: number[]) => {
  const weights = ages.map((h) => 2 ** (-h / 168))
  const sum = weights.reduce((a, b) => a + b, 0)
  return weights.map((w) => w / sum)
}
const cents = (x: number) => Math.round(x * 100) / 100

// The purchases: Lena's jeans with the email's 10 % voucher, 59.90 − 5.99 = 53.91 (shipping is not revenue);
// Jonas's tee 19.90; Petra's two jeans and a belt, 2 × 59.90 + 24.90 = 144.70; Jonas's belt 24.90 (size 85).
const LENA = 53.91
const JONAS_TEE = 19.9
const PETRA = 144.7
const JONAS_BELT = 24.9

describe('pnpm demo --simulate', () => {
  test('counts 4 visitors, 9 visits and 4 purchases worth 243.41', () => {
    // Visits: Lena 2 (ad, email), Jonas 3 (search, two direct), Max 2 (blog, search), Petra 2 (booth, direct).
    // Revenue 53.91 + 19.90 + 144.70 + 24.90 = 243.41; 4 of 9 visits bought; 243.41 / 4 = 60.8525.
    // Engaged: every visit with a purchase or two page views; not Max's from the blog, one product page left
    // within seconds (GA4's threshold is 10 s).
    expect(report.totals).toEqual({ visitors: 4, sessions: 9, engagedSessions: 8, engagementRate: 0.8889, conversions: 4, revenue: 243.41, conversionRate: 0.4444, averageOrderValue: 60.85 })
    const engaged = (sessions: number) => ({ sessions, engagedSessions: sessions, engagementRate: 1 })
    expect(Object.fromEntries(report.channels.map(({ channel, ...row }) => [channel, row]))).toEqual({
      // Jonas twice (looked, then bought the belt) and Petra's order: 2 of 3 visits bought, 144.70 + 24.90.
      Direct: { visitors: 2, ...engaged(3), conversions: 2, revenue: 169.6, conversionRate: 0.6667 },
      Email: { visitors: 1, ...engaged(1), conversions: 1, revenue: LENA, conversionRate: 1 },
      // Jonas bought on his first visit; Max did not.
      'Organic Search': { visitors: 2, ...engaged(2), conversions: 1, revenue: JONAS_TEE, conversionRate: 0.5 },
      'Paid Social': { visitors: 1, ...engaged(1), conversions: 0, revenue: 0, conversionRate: 0 },
      Referral: { visitors: 1, sessions: 1, engagedSessions: 0, engagementRate: 0, conversions: 0, revenue: 0, conversionRate: 0 },
      // Petra scanned the booth's code and opened a product: two page views.
      'QR / Print': { visitors: 1, ...engaged(1), conversions: 0, revenue: 0, conversionRate: 0 },
    })
    expect(report.campaigns.map((c) => [`${c.source} / ${c.medium} / ${c.campaign}`, c.sessions, c.revenue])).toEqual([
      ['(direct) / (none) / (not set)', 3, 169.6],
      ['newsletter / email / cart-reminder', 1, LENA],
      ['google / organic / (not set)', 2, JONAS_TEE],
      ['instagram / paid_social / autumn-denim', 1, 0],
      ['trailrunning-blog.example / referral / (not set)', 1, 0],
      // The booth's short link carries no utm_source: the manifest's placement names it.
      ['outdoor-retail-fair / qr / trade-fair-2026', 1, 0],
    ])
  })

  test('credits the purchases under the six models as worked out by hand', () => {
    // Touches before each purchase (their visits within 90 days):
    //   Lena:  Paid Social, Email                    → 53.91
    //   Jonas: Organic Search                        → 19.90
    //   Petra: QR / Print, Direct                    → 144.70
    //   Jonas: Organic Search, Direct, Direct        → 24.90
    const [lenaAd, lenaEmail] = decay(hours('lenaAd', 'lenaEmail'), 0) // 13 h: 48.66 % / 51.34 %
    const [petraQr, petraDirect] = decay(hours('petraFair', 'petraOrder'), 0) // 508 h: 10.95 % / 89.05 %
    const [jonasSearch, jonasLook, jonasBuy] = decay(hours('jonasSearch', 'jonasOrder'), hours('jonasReturn', 'jonasOrder'), 0) // 661 h, 327 h
    const revenue = Object.fromEntries(report.attribution.channels.map((c) => [c.channel, Object.fromEntries(Object.entries(c.credits).map(([m, v]) => [m, v.revenue]))]))
    expect(revenue).toEqual({
      'QR / Print': { first: PETRA, last: 0, last_non_direct: PETRA, linear: 72.35, time_decay: cents(petraQr * PETRA), position: 72.35 },
      Email: { first: 0, last: LENA, last_non_direct: LENA, linear: cents(LENA / 2), time_decay: cents(lenaEmail * LENA), position: cents(LENA / 2) },
      // 19.90 + 24.90 (first, last non-direct); + 24.90 / 3 = 8.30 (linear); + 40 % = 9.96 (position).
      'Organic Search': { first: 44.8, last: JONAS_TEE, last_non_direct: 44.8, linear: 28.2, time_decay: cents(JONAS_TEE + jonasSearch * JONAS_BELT), position: 29.86 },
      // 144.70 + 24.90 (last); 72.35 + 2 × 8.30 = 88.95 (linear); 72.35 + 20 % + 40 % of 24.90 = 87.29 (position).
      Direct: { first: 0, last: 169.6, last_non_direct: 0, linear: 88.95, time_decay: cents(petraDirect * PETRA + (jonasLook + jonasBuy) * JONAS_BELT), position: 87.29 },
      'Paid Social': { first: LENA, last: 0, last_non_direct: 0, linear: cents(LENA / 2), time_decay: cents(lenaAd * LENA), position: cents(LENA / 2) },
    })
    // The decay shares as numbers, to see them: Lena's ad 26.23, Petra's scan 15.84, Direct 152.53.
    expect([revenue['Paid Social'].time_decay, revenue['QR / Print'].time_decay, revenue.Direct.time_decay]).toEqual([26.23, 15.84, 152.53])
    const conversions = Object.fromEntries(report.attribution.channels.map((c) => [c.channel, Object.fromEntries(Object.entries(c.credits).map(([m, v]) => [m, v.conversions]))]))
    expect(conversions['Organic Search']).toMatchObject({ first: 2, last: 1, last_non_direct: 2, linear: 1.3333, position: 1.4 })
    expect(conversions.Direct).toMatchObject({ first: 0, last: 2, last_non_direct: 0, linear: 1.1667, position: 1.1 })
  })

  test('maps the four paths to purchase by phase', () => {
    expect(report.journeys.paths.map((p) => [p.steps.map((s) => `${s.phase} · ${s.channel}`).join(' → '), p.conversions, p.revenue])).toEqual([
      ['consideration · QR / Print → purchase · Direct', 1, PETRA],
      ['consideration · Paid Social → purchase · Email', 1, LENA],
      // After his first purchase Jonas is a customer being retained.
      ['purchase · Organic Search → retention · Direct → retention · Direct', 1, JONAS_BELT],
      ['purchase · Organic Search', 1, JONAS_TEE],
    ])
  })

  test('finds the recovered jeans, the lost tee, the booth that sold, the refused voucher and the rage click', () => {
    // Abandoned: Lena's jeans (59.90, in the cart) and Max's tee (19.90, at checkout); the email recovered Lena's.
    // Both were reported by the browser (an open tab, a later visit): none inferred.
    expect(report.carts).toEqual({
      abandoned: 2,
      inferred: 0,
      recovered: 1,
      recoveryRate: 0.5,
      restored: 1,
      abandonedValue: 79.8,
      recoveredValue: LENA,
      atStakeValue: 19.9,
      byChannel: [{ channel: 'Email', recovered: 1, value: LENA }],
      byStage: [
        { stage: 'cart', abandoned: 1, value: 59.9 },
        { stage: 'checkout', abandoned: 1, value: 19.9 },
      ],
    })
    expect(report.qr.manifest).toBe(true)
    expect(report.qr.placements).toEqual([
      expect.objectContaining({ code: 'FAIR-BOOTH-12', kind: 'booth', location: 'Outdoor Retail Fair, hall 4, booth 12', scans: 1, sessions: 1, purchases: 1, revenue: PETRA }),
      expect.objectContaining({ code: 'POSTER-HBF', kind: 'poster', scans: 0, sessions: 0, purchases: 0, revenue: 0 }),
      expect.objectContaining({ code: 'FLYER-HAMBURG', kind: 'flyer', scans: 0, sessions: 0, purchases: 0, revenue: 0 }),
    ])
    expect(report.experience.checkoutErrors).toEqual([{ kind: 'voucher', message: 'Code RUN20 is not valid', count: 3, sessions: 1 }])
    expect(report.experience.rageClicks).toEqual([{ path: '/examples/shop/checkout.html', selector: '#apply', bursts: 1, clicks: 3 }])
  })

  test('measures every page view, per page and landing page', () => {
    const pages = Object.fromEntries(report.experience.pages.map((p) => [p.path.replace('/examples/shop/', ''), [p.landings, p.views]]))
    // Landings: the index 5 times (Jonas ×3, Max, Petra), products twice (Lena's ad, Max's blog), the cart once (the
    // email), the fair page once (the booth). Views: every page view sent its vitals as it was left.
    expect(pages).toEqual({ 'index.html': [5, 6], 'product.html': [2, 9], 'cart.html': [1, 6], 'fair.html': [1, 1], 'checkout.html': [0, 5], 'thanks.html': [0, 4] })
    for (const page of report.experience.pages) expect(page.metrics.lcp.rating, page.path).toBeDefined()
  })

  test('draws every chart of the dashboard with data, in Chromium', async () => {
    // Scaled down, so that the full-page screenshot stays small enough to keep as a test artefact.
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 0.5 })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(demo.urls.dashboard)
    const charts = await waitFor(
      () =>
        page.evaluate(() => {
          const all = (window as unknown as { touchtrailCharts?: Record<string, { data: { datasets: { data: unknown[] }[] } }> }).touchtrailCharts
          if (!all || Object.keys(all).length < 6) return undefined
          return Object.fromEntries(Object.entries(all).map(([id, chart]) => [id, chart.data.datasets.map((d) => d.data)]))
        }),
      20_000,
      'the dashboard charts',
    )
    expect(errors).toEqual([])
    const values = (id: string) => charts[id].flat().map((v) => (typeof v === 'number' ? v : (v as { flow: number }).flow))
    expect(Object.keys(charts).sort()).toEqual(['carts', 'channels', 'journeys', 'models', 'qr', 'vitals'])
    for (const id of Object.keys(charts)) expect(values(id).some((v) => v > 0), id).toBe(true)
    // The chart data are the report's: sessions per channel, the Sankey's flows, the cart values.
    expect(charts.channels[0]).toEqual([3, 1, 2, 1, 1, 1])
    expect(charts.carts[0]).toEqual([LENA, 19.9])
    // Flows: QR → Direct → purchase (2), ad → email → purchase (2), search → direct → direct → purchase (3), search → purchase (1).
    expect(values('journeys').reduce((a, b) => a + b, 0)).toBe(8)
    // What a marketer reads: headings, money with its currency, percentages.
    const text = await page.innerText('main')
    for (const heading of ['Acquisition', 'Attribution models side by side', 'Journey map', 'Carts', 'QR placements', 'Page experience and pain points']) {
      expect(text).toContain(heading)
    }
    expect(text).toContain('€243.41')
    expect(text).toContain('44.4% of sessions convert')
    const shot = join(tmpdir(), 'touchtrail-dashboard.png')
    await page.screenshot({ path: shot, fullPage: true })
    expect(statSync(shot).size).toBeGreaterThan(30_000)
    console.log(`dashboard screenshot: ${shot} (${Math.round(statSync(shot).size / 1024)} kB)`)
    await context.close()
  })

  test('gives the same report through the report command once the demo has stopped', async () => {
    await demo.close()
    const stdout = new PassThrough()
    const out: Buffer[] = []
    stdout.on('data', (c: Buffer) => out.push(c))
    const code = await main(['report', '--db', db, '--format', 'json', '--qr-manifest', demo.qrManifest], { stdout, stderr: process.stderr, env: {} })
    expect(code).toBe(0)
    expect(JSON.parse(Buffer.concat(out).toString())).toEqual(report)
  })
})

describe('pnpm demo', () => {
  test('serves the shop, its email and QR pages and the dashboard, prints the URLs, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['scripts/demo.mjs', '--db', join(dir, 'live.duckdb'), '--collector-port', '0', '--shop-port', '0'], { cwd: ROOT })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      await waitFor(() => output.includes('Ctrl-C stops'), 30_000, `the demo's URLs; got ${output}`)
      const url = (label: string) => new RegExp(`${label}\\s+(http\\S+)`).exec(output)![1]
      const shop = await fetch(url('Shop'))
      expect(shop.status).toBe(200)
      expect(await shop.text()).toContain('TRAIL SHOP')
      expect(url('Shop')).toContain('tracking=both')
      expect(await (await fetch(url('Reminder email'))).text()).toContain('utm_medium=email')
      const origin = new URL(url('Shop')).origin
      expect((await fetch(`${origin}/packages/browser/dist/touchtrail.min.js`)).status).toBe(200)
      const manifest = await (await fetch(`${origin}/qr/manifest.json`)).json()
      expect(manifest.placements['FAIR-BOOTH-12'].url).toBe(`${origin}/examples/shop/fair.html?tt_qr=FAIR-BOOTH-12&utm_medium=qr&utm_campaign=trade-fair-2026`)
      expect((await fetch(`${origin}/package.json`)).status).toBe(404)
      const dashboard = await fetch(url('Dashboard'))
      expect(dashboard.status).toBe(200)
      expect(await dashboard.text()).toContain('Customer journeys')
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(output).toContain('Stopping')
    } finally {
      child.kill('SIGKILL')
    }
  }, 60_000)
})

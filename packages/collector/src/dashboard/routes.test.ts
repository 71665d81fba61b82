// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createServer, type ServerOptions } from '../server.js'
import { batchOf, pageEvent, trackEvent } from '../test/events.js'

const dir = mkdtempSync(join(tmpdir(), 'touchtrail-dashboard-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A collector on a throwaway DuckDB with one newsletter visitor who bought, and a campaign name meant to break the page. */
async function collector(options: ServerOptions = {}) {
  const server = await createServer({ db: ':memory:', ...options })
  const at = '2026-10-05T08:00:00.000Z'
  const evil = pageEvent({ messageId: 'evil', anonymousId: 'x', timestamp: at })
  ;(evil.context as Record<string, Record<string, string>>).campaign = { source: 'news', medium: 'email', name: '</script><img src=x onerror=alert(1)>' }
  const events = [
    pageEvent({ messageId: 'p1', timestamp: at }),
    trackEvent('purchase', { messageId: 'b1', timestamp: '2026-10-05T08:05:00.000Z', properties: { value: 59.9, currency: 'EUR', transaction_id: 'T-1' } }),
    trackEvent('qr_scan', { messageId: 'q1', timestamp: at, properties: { code: 'BOOTH-1' } }),
    evil,
  ]
  const answer = await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf(events, undefined) })
  expect(answer.json().accepted).toBe(4)
  return server
}

describe('GET /dashboard and /api/report', () => {
  test('shows the report as a page with headings, numbers in their units and the charts as data', async () => {
    const server = await collector()
    try {
      const page = await server.app.inject({ method: 'GET', url: '/dashboard' })
      expect(page.statusCode).toBe(200)
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(page.headers['content-security-policy']).toContain("script-src 'self'")
      const html = page.body
      for (const heading of ['Acquisition', 'Attribution models side by side', 'Journey map', 'Carts', 'QR placements', 'Page experience and pain points']) {
        expect(html).toContain(`<h2>${heading}</h2>`)
      }
      expect(html).toContain('<div class="value">€59.90</div>')
      expect(html).toContain('All sites · 5 Oct 2026 – 5 Oct 2026 (UTC) · EUR')
      expect(html).toContain('<option>shop-1</option>')
      expect(html).toContain('>Views measured</th>')
      // Event data is escaped everywhere: in the tables, and in the JSON inside <script>.
      expect(html).not.toContain('<img src=x')
      expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
      const data = JSON.parse(/<script type="application\/json" id="dashboard-data">(.*?)<\/script>/s.exec(html)![1])
      expect(data.charts.map((c: { id: string }) => c.id)).toEqual(['channels', 'models', 'journeys', 'qr'])
      expect(data.currency).toBe('EUR')
    } finally {
      await server.close()
    }
  })

  test('answers the report as JSON for a period, a site and a half-life, and says what is wrong with a bad query', async () => {
    const server = await collector()
    try {
      const all = await server.app.inject({ method: 'GET', url: '/api/report?site=shop-1&halfLife=3' })
      expect(all.statusCode).toBe(200)
      expect(all.json().totals).toMatchObject({ visitors: 2, conversions: 1, revenue: 59.9 })
      expect(all.json().settings.halfLifeDays).toBe(3)
      const later = await server.app.inject({ method: 'GET', url: '/api/report?from=2026-10-06' })
      expect(later.json().totals.sessions).toBe(0)
      const bad = await server.app.inject({ method: 'GET', url: '/api/report?from=yesterday' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().reason).toBe('from must be a date such as 2026-10-01, not "yesterday"')
      expect((await server.app.inject({ method: 'GET', url: '/dashboard?halfLife=-1' })).statusCode).toBe(400)
      for (const url of ['/api/report?from=2026-11-01&to=2026-10-01', '/dashboard?from=2026-10-05&to=2026-10-05']) {
        const inverted = await server.app.inject({ method: 'GET', url })
        expect(inverted.statusCode).toBe(400)
        expect(inverted.json().reason).toBe('from must be before to')
      }
    } finally {
      await server.close()
    }
  })

  test('leaves bots out unless bots=include, and says how many', async () => {
    const server = await collector()
    try {
      const googlebot = 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
      const crawl = [pageEvent({ messageId: 'g1', anonymousId: 'bot-1', timestamp: '2026-10-05T09:00:00.000Z' }), trackEvent('view_item', { messageId: 'g2', anonymousId: 'bot-1', timestamp: '2026-10-05T09:00:01.000Z' })]
      const answer = await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf(crawl, undefined), headers: { 'user-agent': googlebot } })
      expect(answer.json().accepted).toBe(2)
      const left = (await server.app.inject({ method: 'GET', url: '/api/report' })).json()
      expect(left.totals).toMatchObject({ visitors: 2, sessions: 2 })
      expect(left.notes).toContain('2 events of bots and automated browsers (by their user agent) left out')
      const counted = (await server.app.inject({ method: 'GET', url: '/api/report?bots=include' })).json()
      expect(counted.totals).toMatchObject({ visitors: 3, sessions: 3 })
      expect(counted.notes.join()).not.toContain('bots')
      const bad = await server.app.inject({ method: 'GET', url: '/dashboard?bots=yes' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().reason).toBe('bots must be include or exclude, not "yes"')
    } finally {
      await server.close()
    }
  })

  test('names QR placements from the manifest, read at each request', async () => {
    const manifest = join(dir, 'manifest.json')
    writeFileSync(manifest, JSON.stringify({ format: 'touchtrail-qr', version: 1, placements: { 'BOOTH-1': { code: 'BOOTH-1', kind: 'booth', location: 'Hall 4' } } }))
    const server = await collector({ dashboard: { qrManifest: manifest } })
    try {
      const report = (await server.app.inject({ method: 'GET', url: '/api/report' })).json()
      expect(report.qr.placements).toEqual([{ code: 'BOOTH-1', kind: 'booth', location: 'Hall 4', scans: 1, sessions: 1, purchases: 1, revenue: 59.9, inManifest: true }])
    } finally {
      await server.close()
    }
  })

  test('shows QR codes named like what every object inherits', async () => {
    const server = await collector()
    try {
      const scans = ['toString', 'constructor', '__proto__'].map((code, i) =>
        trackEvent('qr_scan', { anonymousId: 'scanner', timestamp: `2026-10-05T09:00:0${i}.000Z`, properties: { code, scans: 1 } }),
      )
      expect((await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf(scans, undefined) })).json().accepted).toBe(3)
      const page = await server.app.inject({ method: 'GET', url: '/dashboard' })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('<td>toString</td>')
      const report = (await server.app.inject({ method: 'GET', url: '/api/report' })).json()
      expect(report.qr.placements.filter((p: { code: string }) => p.code !== 'BOOTH-1')).toEqual(
        ['toString', 'constructor', '__proto__'].map((code) => ({ code, scans: 1, sessions: 1, purchases: 0, revenue: 0, inManifest: false })),
      )
    } finally {
      await server.close()
    }
  })

  test('serves Chart.js, the Sankey plugin and its own script and styles from the collector', async () => {
    const server = await createServer({ db: ':memory:' })
    try {
      const chart = await server.app.inject({ method: 'GET', url: '/dashboard/assets/chart.umd.min.js' })
      expect(chart.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(chart.body).toContain('Chart.js v4')
      expect((await server.app.inject({ method: 'GET', url: '/dashboard/assets/chartjs-chart-sankey.min.js' })).body).toContain('chartjs-chart-sankey')
      expect((await server.app.inject({ method: 'GET', url: '/dashboard/assets/dashboard.js' })).body).toContain('new Chart(canvas, config)')
      expect((await server.app.inject({ method: 'GET', url: '/dashboard/assets/dashboard.css' })).headers['content-type']).toBe('text/css; charset=utf-8')
      expect((await server.app.inject({ method: 'GET', url: '/dashboard/assets/..%2Fpackage.json' })).statusCode).toBe(404)
    } finally {
      await server.close()
    }
  })

  test('answers this machine only, unless a key is set; with a key, only who has it', async () => {
    const open = await createServer({ db: ':memory:' })
    const proxied = await createServer({ db: ':memory:', trustProxy: true })
    const keyed = await createServer({ db: ':memory:', dashboard: { key: 's3cret' } })
    try {
      expect((await open.app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(200)
      const remote = await open.app.inject({ method: 'GET', url: '/api/report', remoteAddress: '203.0.113.9' })
      expect(remote.statusCode).toBe(403)
      expect(remote.json().reason).toContain('--dashboard-key')
      // Behind a proxy every client comes from the proxy, often this machine: no key, no dashboard.
      expect((await proxied.app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(403)
      expect((await keyed.app.inject({ method: 'GET', url: '/dashboard', remoteAddress: '203.0.113.9' })).statusCode).toBe(401)
      expect((await keyed.app.inject({ method: 'GET', url: '/dashboard?key=wrong' })).statusCode).toBe(401)
      expect((await keyed.app.inject({ method: 'GET', url: '/dashboard?key=s3cret', remoteAddress: '203.0.113.9' })).statusCode).toBe(200)
      const bearer = await keyed.app.inject({ method: 'GET', url: '/api/report', headers: { authorization: 'Bearer s3cret' }, remoteAddress: '203.0.113.9' })
      expect(bearer.statusCode).toBe(200)
    } finally {
      await Promise.all([open.close(), proxied.close(), keyed.close()])
    }
  })

  test('is left out with dashboard: false', async () => {
    const server = await createServer({ db: ':memory:', dashboard: false })
    try {
      expect((await server.app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(404)
      expect((await server.app.inject({ method: 'GET', url: '/api/report' })).statusCode).toBe(404)
    } finally {
      await server.close()
    }
  })
})

describe('the collector clock', () => {
  test('measures clock skew against the clock it is given', async () => {
    const now = Date.parse('2026-10-29T14:00:00.000Z')
    const server = await createServer({ db: ':memory:', now: () => now })
    try {
      // The browser's clock says 13:00 when it sends an event made at 12:59: an hour behind the collector's.
      const event = pageEvent({ messageId: 'skewed', timestamp: '2026-10-29T12:59:00.000Z' })
      await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf([event], '2026-10-29T13:00:00.000Z') })
      const [row] = await server.store.query('SELECT timestamp, received_at FROM events')
      expect(row).toEqual({ timestamp: new Date('2026-10-29T13:59:00.000Z'), received_at: new Date(now) })
    } finally {
      await server.close()
    }
  })
})

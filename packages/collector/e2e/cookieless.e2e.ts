// Cookieless mode end to end: the script tag with data-storage="none" against the real collector.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { deviceState, launch, shopPage, startSite, waitFor, type TestSite } from '../../../scripts/e2e/harness'
import { createReport } from '../src/report/create-report'
import { createServer, type CollectorServer } from '../src/server'

const dir = mkdtempSync(join(tmpdir(), 'touchtrail-cookieless-'))
let browser: Browser
let site: TestSite
let server: CollectorServer
let endpoint: string
// The collector's clock, moved a day on for the second visit.
let offsetMs = 0

beforeAll(async () => {
  ;[browser, site, server] = await Promise.all([launch(), startSite(), createServer({ db: join(dir, 'c.duckdb'), now: () => Date.now() + offsetMs })])
  endpoint = (await server.listen({ port: 0 })) + '/collect'
})
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close(), server?.close()])
  rmSync(dir, { recursive: true, force: true })
})

const rows = () => server.store.query(`SELECT type, event, anonymous_id AS id, page_path AS path FROM events ORDER BY timestamp`)
const attrs = { 'data-storage': 'none', 'data-site': 'shop-1' }

test('a cookieless journey leaves nothing on the device, arrives whole, and is one visitor and one session; the next day is another key', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  for (const path of ['/shop/home', '/shop/jeans', '/shop/cart']) site.page(path, shopPage({ endpoint, attrs, title: path }))
  await page.goto(`${site.origin}/shop/home?utm_source=newsletter&utm_medium=email&utm_campaign=winter`)
  await page.goto(site.origin + '/shop/jeans')
  await page.evaluate(() => (window as any).touchtrail('track', 'add_to_cart', { value: 59.9, currency: 'EUR' }))
  await page.goto(site.origin + '/shop/cart')
  await page.evaluate(() => (window as any).touchtrail('flush'))

  await waitFor(async () => (await rows()).filter((r) => r.type == 'page').length >= 3 && (await rows()).some((r) => r.event == 'add_to_cart'), 20_000, 'the journey')
  const journey = (await rows()).filter((r) => r.type == 'page' || r.event == 'add_to_cart')
  expect(journey.map((r) => r.path)).toEqual(['/shop/home', '/shop/jeans', '/shop/jeans', '/shop/cart'])
  // Each page had its own id in the browser; the collector gave them all one key.
  expect(new Set(journey.map((r) => r.id)).size).toBe(1)
  expect(String(journey[0].id)).toMatch(/^cl_/)

  const state = await deviceState(context, site.origin)
  expect(state).toEqual({ localStorage: [], sessionStorage: [], cookie: '', indexedDB: [], cookies: [] })

  const report = await createReport(server.store, { site: 'shop-1' })
  expect(report.totals).toMatchObject({ visitors: 1, sessions: 1 })
  expect(report.channels.map((c) => c.channel)).toEqual(['Email'])

  // The next day: the same browser is a new key.
  offsetMs = 86_400_000
  await page.goto(site.origin + '/shop/home')
  await page.evaluate(() => (window as any).touchtrail('flush'))
  await waitFor(async () => (await rows()).filter((r) => r.type == 'page').length >= 4, 20_000, 'the next day’s page view')
  const pages = (await rows()).filter((r) => r.type == 'page')
  expect(pages[3].id).not.toBe(pages[0].id)
  await context.close()
})

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync } from 'node:zlib'
import { build, type InlineConfig, type Rollup } from 'vite'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, startCollector, waitFor, type TestCollector, type WireEvent } from '../../../scripts/e2e/harness.js'

const EXAMPLE = fileURLToPath(new URL('../', import.meta.url))
const SCREENSHOT = fileURLToPath(new URL('./screenshot.png', import.meta.url))

/** The example's JavaScript, brotli-compressed, must stay under this (measured 12,014 B: a little headroom). */
const BUDGET_BYTES = 12_100

let browser: Browser
let collector: TestCollector
let outDir: string
let server: Server
let origin: string
let context: BrowserContext
let page: Page
let errors: string[]

/**
 * Vite's `build()` as `vite build` runs it. Vitest sets NODE_ENV=test, which Vite would keep,
 * making `import.meta.env.DEV` true in the bundle: a production build needs NODE_ENV=production.
 */
async function productionBuild(config: InlineConfig) {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    return await build({ mode: 'production', logLevel: 'warn', ...config })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

/** Build the example with Vite, as `pnpm build` does, with the endpoint pointed at `endpoint`. */
async function buildExample(endpoint: string, dir: string) {
  await productionBuild({
    root: EXAMPLE,
    define: { 'import.meta.env.VITE_TOUCHTRAIL_ENDPOINT': JSON.stringify(endpoint) },
    build: { outDir: dir, emptyOutDir: true },
  })
}

/** Serve the built `dist` on 127.0.0.1, with the SPA fallback every host of a pushState app needs. */
function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' }
  const s = createServer(async (req, res) => {
    const path = new URL(req.url!, 'http://x').pathname
    const file = normalize(join(dir, decodeURIComponent(path)))
    // A path with an extension is a file; any other is a route of the app.
    const served = extname(path) != '' && file.startsWith(dir) ? file : join(dir, 'index.html')
    try {
      const body = await readFile(served)
      res.writeHead(200, { 'Content-Type': types[extname(served)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
      res.end(body)
    } catch {
      res.writeHead(404)
      res.end('not found')
    }
  })
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)))
}

const brotli = (code: string) => brotliCompressSync(code).length

/**
 * What a bundle of `code` (an entry of the example, so it resolves the workspace packages as the
 * example does) weighs: Vite's production build, minified, brotli-compressed.
 */
async function bundleBytes(code: string): Promise<number> {
  // Never written: the plugin below serves it, from inside src/ so that imports resolve from there.
  const entry = join(EXAMPLE, 'src', '__size-entry.ts')
  const out = (await productionBuild({
    root: EXAMPLE,
    configFile: false,
    plugins: [{ name: 'size-entry', enforce: 'pre', resolveId: (id) => (id == entry ? id : null), load: (id) => (id == entry ? code : null) }],
    build: { write: false, rollupOptions: { input: entry } },
  })) as Rollup.RollupOutput
  return brotli(out.output.map((o) => (o.type == 'chunk' ? o.code : '')).join(''))
}

/** The events received, by kind. */
const views = () => collector.unique().filter((e) => e.type == 'page')
const named = (name: string) => collector.unique().filter((e) => e.event == name)
const LANDING = '/?utm_source=newsletter&utm_medium=email&utm_campaign=first-harvest'
/** The newsletter is read in webmail. */
const MAIL = 'https://mail.google.com/'
const HUILA = { item_id: 'huila', item_name: 'Huila, honey process', item_brand: 'Hinterland', item_category: 'Coffee', price: 11.5, quantity: 1 }

/** What the page keeps on the device: localStorage keys, IndexedDB databases, cookies. */
const device = (p: Page) =>
  p.evaluate(async () => ({ localStorage: Object.keys(localStorage).sort(), indexedDB: (await indexedDB.databases()).map((d) => d.name), cookie: document.cookie }))

/** A new visitor: a fresh browser profile on the example, `path` first, coming from `referer`. */
async function visit(path: string, referer?: string) {
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } })
  page = await context.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()))
  await page.goto(origin + path, { referer })
  await page.waitForSelector('.grid .card')
}

/** From the coffee page, the Huila (whole bean) into the cart, as a visitor does it. */
async function addHuila() {
  await page.click('a.card[href="/product/huila"]')
  await page.waitForSelector('h1:text("Huila, honey process")')
  await page.click('[data-add]')
  await waitFor(async () => (await page.textContent('[data-cart-count]')) == '1', 5_000, 'the cart badge')
}

/** Dispatch `pagehide`: the moment core's and the queue's transports send whatever they hold. */
const hide = (p: Page) => p.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')))

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([launch(), startCollector()])
  outDir = mkdtempSync(join(tmpdir(), 'touchtrail-vite-'))
  await buildExample(collector.endpoint, outDir)
  server = await serve(outDir)
  // localhost, not 127.0.0.1: the shop and the collector are different origins, as in production.
  origin = `http://localhost:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.close(), new Promise((r) => (server ? server.close(r) : r(undefined)))])
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})
beforeEach(async () => {
  // A late beacon from the previous test's closing page must not land in this one.
  await collector.settle()
  collector.clear()
  errors = []
})
afterEach(async () => {
  await context?.close()
})

describe('the Vite example, built', () => {
  it('holds only the code it imports, under its budget', () => {
    const js = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'))
    expect(js).toHaveLength(1)
    const code = readFileSync(join(outDir, 'assets', js[0]), 'utf8')
    // (`includes`, not `toContain`: a failure would print the whole bundle.)
    // The endpoint came from the build's env, not the default; debug warnings are off in production.
    expect(code.includes(collector.endpoint)).toBe(true)
    expect(code.includes('127.0.0.1:8787')).toBe(false)
    expect(code.includes('debug:!1')).toBe(true)
    // What it imports is there…
    for (const used of ['"add_to_cart"', '"Referral"', 'indexedDB']) expect(code.includes(used), used).toBe(true)
    // …and what it does not import is not: the vitals and QR plugins, core's scrub() and its
    // consent-manager bridges, attribution's full referrer list.
    for (const unused of ['page_vitals', 'rage_click', 'qr_scan', '[redacted]', '__tcfapi', 'analytics_storage', 'odnoklassniki']) {
      expect(code.includes(unused), unused).toBe(false)
    }
    const bytes = brotli(code)
    console.log(`vite example: ${code.length} B minified, ${bytes} B brotli (budget ${BUDGET_BYTES} B)`)
    expect(bytes).toBeLessThan(BUDGET_BYTES)
  })

  it('costs per import what its README says', async () => {
    const tracker = (imports: string, options: string) =>
      `${imports}\n;(globalThis as any).tracker = createTracker({ endpoint: '/collect', ${options} })`
    const withQueueOnly = (imports: string, options: string) =>
      `${imports}\n;(globalThis as any).tracker = createTrackerWith({ endpoint: '/collect', ${options} }, queue())`
    const core = `import { createTracker, pageViews } from '@touchtrail/core'`
    const withQueue = `import { createTrackerWith, pageViews } from '@touchtrail/core'\nimport { queue } from '@touchtrail/queue'`
    const withAttribution = `${withQueue}\nimport { attribution } from '@touchtrail/attribution'`
    const withCart = `${withAttribution}\nimport { cart } from '@touchtrail/cart'`
    const sizes = [
      await bundleBytes(tracker(core, 'plugins: [pageViews()]')),
      await bundleBytes(withQueueOnly(withQueue, 'plugins: [pageViews()]')),
      await bundleBytes(withQueueOnly(withAttribution, 'plugins: [pageViews(), attribution()]')),
      await bundleBytes(withQueueOnly(withCart, 'plugins: [pageViews(), attribution(), cart()]')),
      brotli(readFileSync(join(outDir, 'assets', readdirSync(join(outDir, 'assets')).find((f) => f.endsWith('.js'))!), 'utf8')),
    ]
    const measured: Record<string, number> = {
      '`createTracker`, `pageViews` from `@touchtrail/core`': sizes[0],
      '+ `queue` from `@touchtrail/queue`, with `createTrackerWith` instead': sizes[1] - sizes[0],
      '+ `attribution` from `@touchtrail/attribution`': sizes[2] - sizes[1],
      '+ `cart` from `@touchtrail/cart`': sizes[3] - sizes[2],
      "+ the shop's own code": sizes[4] - sizes[3],
      '**the whole bundle**': sizes[4],
    }
    const table = Object.entries(measured).map(([what, bytes]) => `| ${what} | ${(bytes / 1000).toFixed(1)} kB |`)
    console.log(`measured (brotli):\n${table.join('\n')}\nin bytes: ${JSON.stringify(measured)}`)
    // Each figure in the README (rounded to 0.1 kB) is within 100 B of what was measured now.
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8')
    for (const [what, bytes] of Object.entries(measured)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${what} |`))
      expect(row, `README row for ${what}; measured:\n${table.join('\n')}`).toBeDefined()
      const quoted = Number(/\| ([\d.]+) kB \|$/.exec(row!)?.[1]) * 1000
      expect(Math.abs(quoted - bytes), `${what}: README says ${quoted} B, measured ${bytes} B`).toBeLessThanOrEqual(100)
    }
  })
})

describe('the Vite example in Chromium', () => {
  it('sends nothing while consent is pending, then what it held once the visitor accepts', async () => {
    await visit(LANDING, MAIL)
    const banner = page.getByRole('region', { name: 'Privacy choices' })
    await banner.waitFor()
    await page.screenshot({ path: SCREENSHOT })

    // Browse and fill the cart before choosing: the shop works, the tracker only holds the calls.
    await addHuila()
    // Even the page being hidden, when transports beacon what they have, sends nothing.
    await hide(page)
    await collector.settle(500)
    expect(collector.requests).toEqual([])
    // Nothing of touchtrail's on the device: the shop's own cart only.
    expect(await device(page)).toEqual({ localStorage: ['hinterland_cart'], indexedDB: [], cookie: '' })

    const grantedAt = Date.now()
    await banner.getByRole('button', { name: 'Accept' }).click()
    await collector.waitFor((e) => e.some((x) => x.event == 'add_to_cart') && e.filter((x) => x.type == 'page').length >= 2, 20_000)
    const [landing, product] = views()
    expect(landing.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'first-harvest' })
    expect(landing.context.touchpoint).toMatchObject({ channel: 'Email' })
    expect(product.context.page).toMatchObject({ path: '/product/huila', title: 'Huila, honey process · Hinterland Roasters' })
    expect(named('view_item')).toHaveLength(1)
    // Held, not lost: each event has the time of its call, before the visitor accepted.
    for (const e of collector.unique()) expect(Date.parse(e.timestamp), e.event ?? e.type).toBeLessThan(grantedAt)
    for (const e of collector.unique()) expect(e.context).toMatchObject({ consent: 'granted', queue: 'indexeddb', site: 'hinterland-vite' })
    expect(errors).toEqual([])
  })

  it('after consent: the landing with its campaign, a page view per route and add_to_cart with GA4 fields', async () => {
    await visit(LANDING, MAIL)
    await page.getByRole('button', { name: 'Accept' }).click()
    await collector.waitFor((e) => e.some((x) => x.type == 'page'), 20_000)
    const [landing] = views()
    expect(landing.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'first-harvest' })
    expect(landing.context.touchpoint).toMatchObject({ channel: 'Email', referrerCategory: 'email' })
    expect(landing.context.page).toMatchObject({ path: '/', search: LANDING.slice(1), title: 'Coffee · Hinterland Roasters' })
    expect(landing.context.sessionStart).toBe(true)

    // A route change by history.pushState: a second page view, in the same session and campaign.
    await page.click('a.card[href="/product/yirgacheffe"]')
    await collector.waitFor((e) => e.filter((x) => x.type == 'page').length >= 2, 20_000)
    const product = views()[1]
    expect(product.context.page).toMatchObject({
      url: `${origin}/product/yirgacheffe`,
      path: '/product/yirgacheffe',
      title: 'Yirgacheffe, washed · Hinterland Roasters',
      referrer: origin + LANDING,
    })
    expect(product.context.sessionId).toBe(landing.context.sessionId)
    expect(product.context.campaign).toEqual(landing.context.campaign)

    // Add to cart, ground for filter: the cart plugin's add_to_cart with GA4's currency, value and items.
    await page.check('input[name=variant][value=Filter]')
    await page.click('[data-add]')
    await collector.waitFor((e) => e.some((x) => x.event == 'add_to_cart'), 20_000)
    const [add] = named('add_to_cart')
    expect(add.type).toBe('track')
    expect(add.properties).toMatchObject({
      currency: 'EUR',
      value: 12.9,
      items: [{ item_id: 'yirgacheffe', item_name: 'Yirgacheffe, washed', item_brand: 'Hinterland', item_category: 'Coffee', item_variant: 'Filter', price: 12.9, quantity: 1 }],
    })
    expect(add.context.campaign).toEqual(landing.context.campaign)

    // The back button (popstate): a third page view, with the title of the page it returns to.
    await page.goBack()
    await collector.waitFor((e) => e.filter((x) => x.type == 'page').length >= 3, 20_000)
    expect(views()[2].context.page).toMatchObject({ path: '/', title: 'Coffee · Hinterland Roasters' })
    expect(new Set(collector.unique().map((e) => e.anonymousId)).size).toBe(1)
    expect(errors).toEqual([])
  })

  it('sends and stores nothing once the visitor declines, and remembers the choice', async () => {
    await visit(LANDING, MAIL)
    await page.getByRole('button', { name: 'Decline' }).click()
    // The shop itself works without consent.
    await addHuila()
    await hide(page)
    await page.reload()
    await page.waitForSelector('h1:text("Huila, honey process")')
    expect(await page.getByRole('region', { name: 'Privacy choices' }).count()).toBe(0)
    await hide(page)
    await collector.settle(500)
    expect(collector.requests).toEqual([])
    expect(await device(page)).toEqual({ localStorage: ['hinterland_cart', 'hinterland_consent'], indexedDB: [], cookie: '' })
    expect(errors).toEqual([])
  })

  it('reports the cart page\'s quantity buttons as add_to_cart / remove_from_cart and the order as purchase', async () => {
    await visit(LANDING, MAIL)
    await page.getByRole('button', { name: 'Accept' }).click()
    await addHuila()
    await page.click('a.cart-link')
    await page.waitForSelector('h1:text("Your cart")')
    for (const [button, count] of [['One more', '2'], ['One more', '3'], ['One less', '2']]) {
      await page.getByRole('button', { name: button }).click()
      await waitFor(async () => (await page.textContent('[data-cart-count]')) == count, 5_000, `${count} in the cart`)
    }
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForSelector('h1:text("Thank you")')
    await collector.waitFor((e) => e.some((x) => x.event == 'purchase'), 20_000)
    // update() records the difference: one more, one more, one less.
    const line = { ...HUILA, item_variant: 'Whole bean' }
    expect(named('add_to_cart').map((e) => e.properties!.items)).toEqual([[line], [line], [line]])
    expect(named('remove_from_cart').map((e) => e.properties!.items)).toEqual([[line]])
    expect(named('view_cart')[0].properties).toMatchObject({ currency: 'EUR', value: 11.5 })
    const [purchase] = named('purchase')
    expect(purchase.properties).toMatchObject({ currency: 'EUR', value: 23, items: [{ ...HUILA, item_variant: 'Whole bean', quantity: 2 }] })
    expect(purchase.properties!.transaction_id).toMatch(/^HR-/)
    // The conversion carries the journey: the newsletter as first and last touch.
    expect((purchase.context as { attribution?: { first: WireEvent['context'] } }).attribution?.first).toMatchObject({ campaign: { source: 'newsletter' } })
    expect(await page.textContent('[data-cart-count]')).toBe('0')
    expect(errors).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { deviceState, shopPage, useHarness, waitFor, type TestCollector, type TestSite, type WireEvent } from '../../../scripts/e2e/harness.js'
import { track } from './helpers.js'

// The durable queue in the script tag (its transport), in headless Chromium against the built
// touchtrail.min.js. The collector counts unique messageIds and duplicates.
let browser: Browser, collector: TestCollector, site: TestSite, context: BrowserContext, page: Page
useHarness((f) => ({ browser, collector, site, context, page } = f))

const posts = () => collector.requests.filter((r) => r.method == 'POST')
const numbers = (events: WireEvent[], name = 'e') => events.filter((e) => e.event == name).map((e) => e.properties!.n as number)
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const ready = (p: Page) => p.waitForFunction(() => !(window as any).touchtrail.q)

/** Open `path`, track `count` events, flush, and wait until all of them arrived. */
async function trackAndFlush(path: string, count: number, attrs: Record<string, string> = {}, timeoutMs = 30_000) {
  await page.goto(site.page(path, shopPage({ endpoint: collector.endpoint, attrs })))
  await ready(page)
  await track(page, count)
  await page.evaluate(() => (window as any).touchtrail('flush'))
  const events = await collector.waitFor((e) => numbers(e).length >= count, timeoutMs)
  expect(numbers(events).sort((a, b) => a - b)).toEqual(range(count))
  return events
}

/**
 * Open `path` (no automatic page view), go offline, track `count` events, reload (the browser shows
 * its own offline page: the tracked page is gone), come back online, reload, and wait for them.
 */
async function acrossOfflineReload(path: string, count: number) {
  const url = site.page(path, shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } }))
  await page.goto(url)
  await ready(page)
  await context.setOffline(true)
  await track(page, count)
  await page.reload().catch(() => {})
  await context.setOffline(false)
  await page.reload()
  const events = await collector.waitFor((e) => e.length >= count, 30_000)
  expect(numbers(events).sort((a, b) => a - b)).toEqual(range(count))
  return events
}

describe('the queue in the script tag', () => {
  it('keeps 200 events tracked offline across a reload and delivers them all once back online', async () => {
    const events = await acrossOfflineReload('/offline.html', 200)
    expect(events.every((e) => e.context.queue == 'indexeddb')).toBe(true)
  })

  it('pauses while offline and sends as soon as the browser is online again', async () => {
    await page.goto(site.page('/online.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } })))
    await ready(page)
    await context.setOffline(true)
    await track(page, 120)
    await page.evaluate(() => (window as any).touchtrail('flush'))
    expect(posts()).toHaveLength(0)
    const back = Date.now()
    await context.setOffline(false)
    const events = await collector.waitFor((e) => e.length >= 120)
    expect(numbers(events).sort((a, b) => a - b)).toEqual(range(120))
    // The online event, not the next timer, sent them.
    expect(posts()[0].at - back).toBeLessThan(3000)
  })

  it('retries five 500s with backoff, then waits out a 429 with Retry-After: 2, and delivers everything', async () => {
    let n = 0
    collector.respond = () => (++n <= 5 ? { status: 500 } : n == 6 ? { status: 429, headers: { 'Retry-After': '2' } } : undefined)
    const events = await trackAndFlush('/retry.html', 30, {}, 60_000)
    expect(events.some((e) => e.type == 'page')).toBe(true)
    const statuses = posts().map((r) => r.status)
    expect(statuses.slice(0, 7)).toEqual([500, 500, 500, 500, 500, 429, 200])
    // Nothing before the collector's Retry-After time, measured where the requests arrive.
    const [limited, next] = posts().slice(5, 7)
    expect(next.at - limited.at).toBeGreaterThanOrEqual(2000)
    // The backoff grew: full jitter under a bound doubling from 1 s, so each wait is under 2^k s.
    const gaps = posts()
      .slice(0, 6)
      .map((r, i, all) => (i ? r.at - all[i - 1].at : 0))
      .slice(1)
    gaps.forEach((gap, k) => expect(gap).toBeLessThan(1000 * 2 ** (k + 1) + 1000))
    expect(collector.duplicates()).toBe(0)
  }, 90_000)

  it('delivers 50 events tracked right before the tab is closed, by beacon', async () => {
    await page.goto(site.page('/close.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } })))
    await ready(page)
    await track(page, 50)
    await page.close({ runBeforeUnload: true })
    const events = await collector.waitFor((e) => e.length >= 50)
    expect(numbers(events).sort((a, b) => a - b)).toEqual(range(50))
  })

  it('delivers them on the next visit when the beacon at close is refused', async () => {
    const url = site.page('/close-refused.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } }))
    await page.goto(url)
    await ready(page)
    collector.respond = () => ({ status: 503 })
    await track(page, 50)
    await page.close({ runBeforeUnload: true })
    await waitFor(() => posts().length > 0, 10_000, 'the beacon')
    expect(collector.unique()).toHaveLength(0)
    collector.respond = () => undefined
    const next = await context.newPage()
    await next.goto(url)
    const events = await collector.waitFor((e) => e.length >= 50, 30_000)
    expect(numbers(events).sort((a, b) => a - b)).toEqual(range(50))
  })

  it('falls back to localStorage where IndexedDB is unavailable, across a reload, and says so', async () => {
    await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }))
    const events = await acrossOfflineReload('/no-idb.html', 100)
    expect(events.every((e) => e.context.queue == 'localstorage')).toBe(true)
    await page.waitForFunction(() => !('tt_q' in localStorage))
  })

  it('falls back to memory where neither IndexedDB nor localStorage works, and still delivers', async () => {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { get: () => undefined })
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError')
        },
      })
    })
    const events = await trackAndFlush('/no-storage.html', 100)
    expect(events.every((e) => e.context.queue == 'memory')).toBe(true)
  })

  it('keeps nothing on the device in cookieless mode (storage none)', async () => {
    const events = await trackAndFlush('/cookieless.html', 20, { 'data-storage': 'none' })
    expect(events.every((e) => e.context.queue == 'memory')).toBe(true)
    const state = await deviceState(context, site.origin)
    expect(state.indexedDB).toEqual([])
    expect(state.localStorage).toEqual([])
  })

  it('without Web Locks, the next page sends at once when the page before left in the middle of a delivery', async () => {
    // Web Locks are missing (Safari before 15.4, pages served over plain http): the lease stands in.
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }))
    // The collector takes 4 s over the first delivery: the page is left while it is under way.
    collector.respond = (_, n) => (n == 1 ? { status: 200, delayMs: 4000 } : undefined)
    const attrs = { 'data-auto-page': 'false' }
    await page.goto(site.page('/lease-1.html', shopPage({ endpoint: collector.endpoint, attrs })))
    await ready(page)
    await track(page, 5, 'first')
    await page.evaluate(() => void (window as any).touchtrail('flush'))
    await page.waitForFunction(() => localStorage.getItem('tt_ql') != null)
    await page.goto(site.page('/lease-2.html', shopPage({ endpoint: collector.endpoint, attrs })))
    await ready(page)
    await track(page, 5, 'second')
    await page.evaluate(() => (window as any).touchtrail('flush'))
    // Well before the 30 s a lease nobody renews would have held it back.
    const events = await collector.waitFor((e) => numbers(e, 'second').length == 5 && numbers(e, 'first').length == 5, 12_000)
    expect(numbers(events, 'second').sort()).toEqual(range(5))
  })

  it('deletes its database when consent is denied', async () => {
    await page.goto(site.page('/deny.html', shopPage({ endpoint: collector.endpoint })))
    await ready(page)
    await context.setOffline(true)
    await track(page, 10)
    const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
    await waitFor(async () => (await databases()).includes('touchtrail'), 10_000, 'the database')
    await page.evaluate(() => (window as any).touchtrail('consent', 'denied'))
    await waitFor(async () => (await databases()).length == 0, 10_000, 'the database to go')
    await context.setOffline(false)
    await page.evaluate(() => (window as any).touchtrail('flush'))
    // (Events of this page only: a late beacon of the previous test's closing page is no concern here.)
    expect(collector.unique().filter((e) => e.context.page?.path == '/deny.html').map((e) => e.event || e.type)).toEqual([])
    const state = await deviceState(context, site.origin)
    expect(state.indexedDB).toEqual([])
    expect(state.localStorage).toEqual([])
  })

  it('queues what is tracked after a refusal taken back in the same task, and delivers it while the page is open', async () => {
    await page.goto(site.page('/regrant.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } })))
    await ready(page)
    await track(page, 3, 'before')
    await page.evaluate(() => (window as any).touchtrail('flush'))
    await collector.waitFor((e) => numbers(e, 'before').length == 3, 20_000)
    // A consent manager replaying the visitor's history: a refusal, then a grant; then the page tracks.
    await page.evaluate(() => {
      const tt = (window as any).touchtrail
      tt('consent', 'denied')
      tt('consent', 'granted')
      for (let n = 0; n < 5; n++) tt('track', 'after', { n })
    })
    // No flush, no hiding: the queue's own timer sends them, so they are in its database.
    const events = await collector.waitFor((e) => numbers(e, 'after').length == 5, 20_000)
    expect(numbers(events, 'after').sort()).toEqual(range(5))
  })
})

import { describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { deviceState, shopPage, useHarness, waitFor, type TestCollector, type TestSite } from '../../../scripts/e2e/harness.js'

let browser: Browser, collector: TestCollector, site: TestSite, context: BrowserContext, page: Page
useHarness((f) => ({ browser, collector, site, context, page } = f))

const names = (events: { type: string; event?: string }[]) => events.map((e) => e.event || e.type)

describe('the script tag', () => {
  it('replays calls made before it loaded, in order, after the automatic page view', async () => {
    const url = site.page(
      '/replay.html',
      shopPage({
        endpoint: collector.endpoint,
        attrs: { 'data-site': 'shop-1' },
        delayMs: 300,
        before: `touchtrail('track','first',{n:1});touchtrail('identify','u-42',{plan:'pro'});touchtrail('track','second',{n:2});`,
        body: `<script>touchtrail('track','third',{n:3})</script>`,
      }),
    )
    await page.goto(url)
    const events = await collector.waitFor((e) => e.length >= 5)
    expect(names(events)).toEqual(['page', 'first', 'identify', 'second', 'third'])
    expect(events.map((e) => e.properties?.n)).toEqual([undefined, 1, undefined, 2, 3])
    // Once identified, later events carry the user id; all share one anonymousId and session.
    expect(events[3].userId).toBe('u-42')
    expect(events[2].traits).toEqual({ plan: 'pro' })
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1)
    expect(new Set(events.map((e) => e.context.sessionId)).size).toBe(1)
    expect(events.map((e) => e.context.sessionStart)).toEqual([true, undefined, undefined, undefined, undefined])
    // The live command replaced the stub.
    expect(await page.evaluate(() => typeof (window as any).touchtrail.q)).toBe('undefined')
  })

  it("reads GA4 pushes made before it loaded after the page view and the snippet's calls", async () => {
    const url = site.page(
      '/early-pushes.html',
      shopPage({
        endpoint: collector.endpoint,
        delayMs: 300,
        before:
          `touchtrail('identify','u-42');touchtrail('cart','add',{item_id:'A',price:10},{currency:'EUR'});` +
          `window.dataLayer=window.dataLayer||[];dataLayer.push({event:'view_item',ecommerce:{items:[{item_id:'B',price:5}]}});` +
          `dataLayer.push({event:'purchase',ecommerce:{transaction_id:'T-9',currency:'EUR',value:10,items:[{item_id:'A',price:10,quantity:1}]}});`,
      }),
    )
    await page.goto(url)
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'purchase'))
    expect(names(events)).toEqual(['page', 'identify', 'add_to_cart', 'view_item', 'purchase'])
    expect(events.map((e) => e.context.sessionStart)).toEqual([true, undefined, undefined, undefined, undefined])
    expect(events[4].userId).toBe('u-42')
    // The purchase came after the add: the cart is empty, so no abandonment follows.
    expect(await page.evaluate(() => (window as any).touchtrail('cart', 'state').items)).toEqual([])
  })

  it('sends every field of the wire format', async () => {
    await page.setViewportSize({ width: 1280, height: 800 })
    const url = site.page('/wire.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-site': 'shop-1' }, title: 'Wire test' }))
    await page.goto(url + '?q=jeans', { referer: 'https://www.google.com/' })
    await page.evaluate(() => (window as any).touchtrail('track', 'add_to_cart', { value: 59.9, currency: 'EUR' }))
    const [pv, ev] = await collector.waitFor((e) => e.length >= 2)
    const post = collector.requests.find((r) => r.method == 'POST')!
    expect(post.headers['content-type']).toBe('text/plain;charset=UTF-8')
    expect(Object.keys(post.body!).sort()).toEqual(['batch', 'sentAt'])
    expect(Math.abs(Date.parse(post.body!.sentAt) - Date.now())).toBeLessThan(60_000)
    expect(pv).toMatchObject({
      type: 'page',
      properties: {},
      context: {
        library: { name: 'touchtrail', version: '0.1.0' },
        page: { url: url + '?q=jeans', path: '/wire.html', search: '?q=jeans', title: 'Wire test', referrer: 'https://www.google.com/' },
        sessionStart: true,
        locale: expect.any(String),
        timezone: expect.any(String),
        screen: { width: expect.any(Number), height: expect.any(Number) },
        consent: 'granted',
        site: 'shop-1',
      },
    })
    expect(ev).toMatchObject({ type: 'track', event: 'add_to_cart', properties: { value: 59.9, currency: 'EUR' } })
    for (const e of [pv, ev]) {
      expect(e.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(e.anonymousId).toMatch(/^[0-9a-f-]{36}$/)
      expect(new Date(e.timestamp).toISOString()).toBe(e.timestamp)
      expect(e.context.sessionId).toBeLessThanOrEqual(Date.now())
    }
    expect(pv.messageId).not.toBe(ev.messageId)
    expect(ev.anonymousId).toBe(pv.anonymousId)
    expect(ev.context.sessionId).toBe(pv.context.sessionId)
  })

  it('sends one page view per SPA route change (pushState, popstate) with its title, none for a query-only replaceState', async () => {
    await page.goto(site.page('/spa/home', shopPage({ endpoint: collector.endpoint })))
    await collector.waitFor((e) => e.length >= 1)
    // Like a router: the URL first, then the title, in the same task (on popstate too).
    const go = (path: string) => page.evaluate((p) => (history.pushState({}, '', p), (document.title = 'Shop ' + location.pathname)), path)
    await page.evaluate(() => addEventListener('popstate', () => (document.title = 'Shop ' + location.pathname)))
    await go('/spa/products')
    await go('/spa/products/jeans')
    await page.evaluate(() => history.replaceState({}, '', '/spa/products/jeans?utm_source=x'))
    await go('/spa/products/jeans?utm_source=x#reviews')
    await page.goBack() // to the replaced entry: same path and query as now, no page view
    await page.goBack()
    await page.waitForURL('**/spa/products')
    // Each route change also ends a view for the vitals plugin (its page_vitals; covered in packages/vitals).
    const views = () => collector.unique().filter((e) => e.type == 'page')
    await collector.waitFor(() => views().length >= 4)
    await page.evaluate(() => (window as any).touchtrail('flush'))
    expect(views().map((e) => e.context.page.path)).toEqual(['/spa/home', '/spa/products', '/spa/products/jeans', '/spa/products'])
    // Each page view carries its own page's title, not the one before.
    expect(views().slice(1).map((e) => e.context.page.title)).toEqual(['Shop /spa/products', 'Shop /spa/products/jeans', 'Shop /spa/products'])
    expect(views()[2].context.page.referrer).toBe(site.origin + '/spa/products')
    expect(collector.unique().every((e) => e.type == 'page' || e.event == 'page_vitals')).toBe(true)
  })

  it('holds events while consent is pending and sends them once granted', async () => {
    await page.goto(site.page('/pending.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-consent': 'pending' } })))
    await page.evaluate(() => (window as any).touchtrail('track', 'held', { n: 1 }))
    await page.evaluate(() => (window as any).touchtrail('flush'))
    expect(collector.requests.filter((r) => r.method == 'POST')).toHaveLength(0)
    expect((await deviceState(context, site.origin)).localStorage).toEqual([])
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    const events = await collector.waitFor((e) => e.length >= 2)
    expect(names(events)).toEqual(['page', 'held'])
    expect(events.every((e) => e.context.consent == 'granted')).toBe(true)
    // tt_at: the attribution plugin's journey (first, last, trail), stored under the same consent.
    expect((await deviceState(context, site.origin)).localStorage.sort()).toEqual(['tt_a', 'tt_at', 'tt_s'])
  })

  it('sends and stores nothing when pending consent is denied', async () => {
    await page.goto(site.page('/denied.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-consent': 'pending' } })))
    await page.evaluate(() => {
      const t = (window as any).touchtrail
      t('track', 'held')
      t('consent', 'denied')
      t('track', 'after_denial')
      return t('flush')
    })
    await page.reload()
    await page.evaluate(() => (window as any).touchtrail('flush'))
    // Nothing from this page (a late keepalive of the previous case's closed page may still land).
    expect(collector.unique().filter((e) => e.context.page?.path == '/denied.html')).toEqual([])
    const state = await deviceState(context, site.origin)
    expect(state.localStorage).toEqual([])
    expect(state.cookies).toEqual([])
    expect(state.indexedDB).toEqual([])
  })

  it('honours Global Privacy Control: nothing sent until the site grants consent', async () => {
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }))
    await page.goto(site.page('/gpc.html', shopPage({ endpoint: collector.endpoint })))
    await page.evaluate(() => (window as any).touchtrail('track', 'before_choice'))
    await page.evaluate(() => (window as any).touchtrail('flush'))
    expect(collector.requests).toHaveLength(0)
    expect((await deviceState(context, site.origin)).localStorage).toEqual([])
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    await page.evaluate(() => (window as any).touchtrail('track', 'after_choice'))
    const events = await collector.waitFor((e) => e.length >= 1)
    expect(names(events)).toEqual(['after_choice'])
  })

  it('delivers the beacon sent when the tab is closed to a collector on another origin, with no preflight', async () => {
    await page.goto(site.page('/close.html', shopPage({ endpoint: collector.endpoint })))
    await collector.waitFor((e) => e.length >= 1)
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) (window as any).touchtrail('track', 'last_words', { i })
    })
    await page.close({ runBeforeUnload: true })
    const events = await collector.waitFor((e) => e.filter((x) => x.event == 'last_words').length >= 5)
    // The vitals plugin's page_vitals leaves with them (covered in packages/vitals).
    expect(names(events).filter((n) => n != 'page_vitals')).toEqual(['page', ...Array(5).fill('last_words')])
    expect(new URL(collector.origin).origin).not.toBe(site.origin)
    expect(collector.requests.filter((r) => r.method == 'OPTIONS')).toHaveLength(0)
    expect(collector.requests.every((r) => r.headers['content-type'] == 'text/plain;charset=UTF-8')).toBe(true)
  })

  it('starts a new session after 30 minutes without events, keeping the anonymousId', async () => {
    await page.clock.install()
    await page.goto(site.page('/session.html', shopPage({ endpoint: collector.endpoint })))
    await page.clock.runFor(2000)
    await collector.waitFor((e) => e.length >= 1)
    await page.evaluate(() => (window as any).touchtrail('track', 'still_here'))
    await page.clock.runFor(29 * 60_000)
    await page.evaluate(() => (window as any).touchtrail('track', 'within_timeout'))
    await page.clock.runFor(31 * 60_000)
    await page.evaluate(() => (window as any).touchtrail('track', 'after_timeout'))
    await page.clock.runFor(2000)
    const events = await collector.waitFor((e) => e.length >= 4)
    expect(names(events)).toEqual(['page', 'still_here', 'within_timeout', 'after_timeout'])
    const [a, b, c, d] = events
    expect(b.context.sessionId).toBe(a.context.sessionId)
    expect(c.context.sessionId).toBe(a.context.sessionId)
    expect(d.context.sessionId).toBeGreaterThan(a.context.sessionId)
    expect(d.context.sessionId).toBe(Date.parse(d.timestamp))
    expect(d.context.sessionStart).toBe(true)
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1)
  })

  it('logs one clear error, and throws nothing, without data-endpoint', async () => {
    const errors: string[] = []
    page.on('console', (m) => m.type() == 'error' && errors.push(m.text()))
    page.on('pageerror', (e) => errors.push('pageerror: ' + e.message))
    await page.goto(site.page('/no-endpoint.html', shopPage({ endpoint: '' }).replace('data-endpoint=""', '')))
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    await page.evaluate(() => (window as any).touchtrail('track', 'ignored'))
    expect(errors).toEqual(['touchtrail: the script tag needs a data-endpoint attribute; nothing is tracked'])
  })

  it('warns once in debug mode about bad calls and never throws into the page', async () => {
    const warnings: string[] = []
    const errors: string[] = []
    page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()))
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(site.page('/debug.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-debug': '' } })))
    await page.evaluate(() => {
      const t = (window as any).touchtrail
      const circular: any = { a: 1 }
      circular.self = circular
      t('track')
      t('track', '')
      t('track', 'circular', circular)
      t('track', 'huge', Object.fromEntries(Array.from({ length: 400 }, (_, i) => ['k' + i, 'x'.repeat(100)])))
      t('track', 'long', { s: 'y'.repeat(3000) })
      t('track', 'fine', { n: 1 })
      t('no_such_command')
    })
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'fine'))
    expect(names(events)).toEqual(['page', 'circular', 'long', 'fine'])
    expect(events[1].properties).toEqual({ a: 1 })
    expect(events[2].properties!.s).toBe('y'.repeat(2000))
    expect(errors).toEqual([])
    expect(warnings).toEqual([
      'touchtrail: track() needs an event name; call dropped',
      "touchtrail: touchtrail('no_such_command') is not a command; call ignored",
      'touchtrail: track(): circular or repeated reference removed',
      'touchtrail: track() properties are over 24000 bytes: call dropped',
      'touchtrail: track(): long string cut',
    ])
  })

  it('skips stub entries that are not argument lists, with a warning, and replays the calls around them', async () => {
    const warnings: string[] = []
    const errors: string[] = []
    page.on('console', (m) => m.type() == 'warning' && warnings.push(m.text()))
    page.on('pageerror', (e) => errors.push(e.message))
    const url = site.page(
      '/bad-stub.html',
      shopPage({
        endpoint: collector.endpoint,
        attrs: { 'data-debug': '' },
        delayMs: 200,
        // What a page's own script might push by mistake, between two real calls.
        before: `touchtrail('track','first');touchtrail.q.push(null,5,{},'x');touchtrail('track','second')`,
      }),
    )
    await page.goto(url)
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'second'))
    expect(names(events)).toEqual(['page', 'first', 'second'])
    expect(errors).toEqual([])
    // Each warning once: null, 5 and {} are all a call of no command.
    expect(warnings).toEqual([
      "touchtrail: touchtrail('undefined') is not a command; call ignored",
      "touchtrail: touchtrail('x') is not a command; call ignored",
    ])
  })

  it('tracks from memory, throwing nothing, where every storage is denied (a sandboxed iframe)', async () => {
    const inner = site.page(
      '/sandboxed.html',
      shopPage({
        endpoint: collector.endpoint,
        // The frame's own error handlers see what would reach the page; the probe shows storage is denied.
        before: `window.seen=[];addEventListener('error',e=>seen.push(e.message));addEventListener('unhandledrejection',e=>seen.push(String(e.reason)));
try{localStorage}catch(e){seen.push('localStorage denied')}touchtrail('track','before_load')`,
      }),
    )
    const logged: string[] = []
    page.on('console', (m) => /touchtrail/.test(m.text()) && logged.push(m.text()))
    page.on('pageerror', (e) => logged.push(e.message))
    await page.goto(site.page('/host.html', `<!doctype html><iframe sandbox="allow-scripts" src="${inner}"></iframe>`))
    const frame = await waitFor(() => page.frames().find((f) => f.url() == inner))
    await frame.waitForFunction(() => !(window as any).touchtrail.q)
    await frame.evaluate(() => (window as any).touchtrail('track', 'after_load', { n: 1 }))
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'after_load'))
    expect(names(events)).toEqual(['page', 'before_load', 'after_load'])
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1)
    expect(await frame.evaluate(() => (window as any).seen)).toEqual(['localStorage denied'])
    expect(logged).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { deviceState, shopPage, useHarness, type TestCollector, type TestSite } from '../../../scripts/e2e/harness.js'

let collector: TestCollector, site: TestSite, context: BrowserContext, page: Page
useHarness((f) => ({ collector, site, context, page } = f))

const tt = (p: Page, ...args: unknown[]) => p.evaluate((a) => (window as any).touchtrail(...a), args)
const posts = () => collector.requests.filter((r) => r.method == 'POST')
const emptyDevice = { localStorage: [], sessionStorage: [], cookie: '', indexedDB: [], cookies: [] }
// After a revocation or reset() the device empties soon, not at once: deleting the IndexedDB
// database is asynchronous (and slower on a busy machine), so those checks poll.

/** Google's gtag snippet: gtag() pushes its arguments object onto dataLayer. */
const GTAG = `window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}`

describe('privacy in the script tag', () => {
  it('sends and stores nothing under a Consent Mode default of denied until an update grants analytics_storage', async () => {
    const url = site.page(
      '/consent-mode.html',
      shopPage({ endpoint: collector.endpoint, before: `${GTAG};gtag('consent','default',{analytics_storage:'denied',ad_storage:'denied'});touchtrail('track','before_choice')` }),
    )
    await page.goto(url)
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    await tt(page, 'track', 'still_waiting')
    await tt(page, 'flush')
    expect(posts()).toHaveLength(0)
    expect(await deviceState(context, site.origin)).toEqual(emptyDevice)

    await page.evaluate(() => (window as any).gtag('consent', 'update', { analytics_storage: 'granted' }))
    const events = await collector.waitFor((e) => e.length >= 3)
    expect(events.map((e) => e.event || e.type)).toEqual(['page', 'before_choice', 'still_waiting'])
    expect((await deviceState(context, site.origin)).localStorage.length).toBeGreaterThan(0)

    // Revocation: nothing more is sent and everything stored is gone.
    await page.evaluate(() => (window as any).gtag('consent', 'update', { analytics_storage: 'denied' }))
    await tt(page, 'track', 'after_revocation')
    await tt(page, 'flush')
    await page.reload()
    await tt(page, 'track', 'after_reload')
    await tt(page, 'flush')
    expect(collector.unique().map((e) => e.event || e.type)).toEqual(['page', 'before_choice', 'still_waiting'])
    await expect.poll(() => deviceState(context, site.origin), { timeout: 5000 }).toEqual(emptyDevice)
  })

  it('follows an IAB TCF v2.2 consent manager through __tcfapi, revocation included', async () => {
    const cmp = `(function(){var ls=[];var d={gdprApplies:true,eventStatus:'cmpuishown',purpose:{consents:{}}};
      window.__tcfapi=function(cmd,v,cb,arg){if(cmd==='addEventListener'){var id=ls.push(cb);cb(Object.assign({listenerId:id},d),true)}};
      window.__cmpChoose=function(p1){d={gdprApplies:true,eventStatus:'useractioncomplete',purpose:{consents:{1:p1}}};ls.forEach(function(cb,i){cb(Object.assign({listenerId:i+1},d),true)})}})()`
    await page.goto(site.page('/tcf.html', shopPage({ endpoint: collector.endpoint, before: cmp })))
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    await tt(page, 'track', 'while_banner_shows')
    await tt(page, 'flush')
    expect(posts()).toHaveLength(0)
    expect(await deviceState(context, site.origin)).toEqual(emptyDevice)
    await page.evaluate(() => (window as any).__cmpChoose(true))
    await collector.waitFor((e) => e.length >= 2)
    expect(collector.unique().map((e) => e.event || e.type)).toEqual(['page', 'while_banner_shows'])
    await page.evaluate(() => (window as any).__cmpChoose(false))
    await tt(page, 'track', 'after_revocation')
    await tt(page, 'flush')
    expect(collector.unique()).toHaveLength(2)
    await expect.poll(() => deviceState(context, site.origin), { timeout: 5000 }).toEqual(emptyDevice)
  })

  it('forgets the visitor on reset() (a log-out), and delivers what was tracked before it under their identity', async () => {
    await page.goto(site.page('/reset.html', shopPage({ endpoint: collector.endpoint })))
    await collector.waitFor((e) => e.length >= 1)
    await tt(page, 'identify', 'u-42')
    await tt(page, 'flush')
    expect((await deviceState(context, site.origin)).localStorage.length).toBeGreaterThan(0)
    // The purchase and the log-out in one task: nothing of the purchase is built or stored yet.
    await page.evaluate(() => {
      ;(window as any).touchtrail('track', 'purchase', { value: 59.9 })
      ;(window as any).touchtrail('reset')
    })
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'purchase'), 15_000)
    const [identify, purchase] = [events.find((e) => e.type == 'identify')!, events.find((e) => e.event == 'purchase')!]
    expect(purchase).toMatchObject({ userId: 'u-42', anonymousId: identify.anonymousId })
    // Nothing of the visitor stays: no ids, no plugin state, and the queue empties once it delivered.
    await expect.poll(async () => (await deviceState(context, site.origin)).localStorage, { timeout: 5000 }).toEqual([])
    const state = await deviceState(context, site.origin)
    expect({ ...state, indexedDB: [] }).toEqual(emptyDevice)
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const r = indexedDB.open('touchtrail')
          r.onsuccess = () => {
            const db = r.result
            const names = [...db.objectStoreNames]
            if (!names.length) return db.close(), resolve(0)
            const count = db.transaction(names).objectStore(names[0]).count()
            count.onsuccess = () => (db.close(), resolve(count.result))
          }
        }),
    )
    expect(queued).toBe(0)
    // The next event is a new visitor's.
    await tt(page, 'track', 'after_logout')
    await tt(page, 'flush')
    const after = (await collector.waitFor((e) => e.some((x) => x.event == 'after_logout'))).find((e) => e.event == 'after_logout')!
    expect(after.userId).toBeUndefined()
    expect(after.anonymousId).not.toBe(identify.anonymousId)
  })

  it('forgets what an earlier visit stored when the next visit starts refused, and sends none of it', async () => {
    // The earlier visit's collector is unreachable: ids, journey, cart and undelivered events stay on the device.
    const dead = 'http://127.0.0.1:9/collect'
    await page.goto(site.page('/earlier.html', shopPage({ endpoint: dead })) + '?utm_source=news&utm_medium=email')
    await tt(page, 'cart', 'add', { item_id: 'P-1', price: 9 }, { currency: 'EUR' })
    await expect.poll(async () => (await deviceState(context, site.origin)).indexedDB, { timeout: 10_000 }).toEqual(['touchtrail'])
    expect((await deviceState(context, site.origin)).localStorage).toEqual(expect.arrayContaining(['tt_a', 'tt_at', 'tt_cart']))
    await page.goto(site.page('/refused.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-consent': 'denied' } })))
    await expect.poll(async () => deviceState(context, site.origin), { timeout: 10_000 }).toEqual(emptyDevice)
    await tt(page, 'flush')
    expect(posts()).toEqual([])
  })

  it('scrubs emails, phone numbers and secret parameters from what leaves the page, and nothing else', async () => {
    const url = site.page('/thanks', shopPage({ endpoint: collector.endpoint, title: 'Thanks, jane@example.com' }))
    await page.goto(`${url}?email=jane%40example.com&token=s3cr3t&utm_source=newsletter&step=3`, {
      referer: 'https://webmail.example.net/read?to=jane.doe@example.com&id=42',
    })
    await tt(page, 'track', 'newsletter_signup', {
      email: 'jane@example.com',
      note: 'call +49 170 1234567',
      list: 'running',
      items: [{ item_id: 'J-1', price: 59.9 }],
      order_date: '2026-11-23',
    })
    const [pv, ev] = await collector.waitFor((e) => e.length >= 2)
    const R = '[redacted]'
    expect(pv.context.page).toMatchObject({
      url: `${url}?email=${R}&token=${R}&utm_source=newsletter&step=3`,
      search: `?email=${R}&token=${R}&utm_source=newsletter&step=3`,
      title: `Thanks, ${R}`,
      referrer: `https://webmail.example.net/read?to=${R}&id=42`,
    })
    expect(ev.properties).toEqual({ email: R, note: `call ${R}`, list: 'running', items: [{ item_id: 'J-1', price: 59.9 }], order_date: '2026-11-23' })
    expect(collector.requests.some((r) => /jane|s3cr3t|1234567/.test(r.raw))).toBe(false)
  })
})

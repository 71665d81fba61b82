import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { deviceState, launch, shopPage, startCollector, startSite, type TestCollector, type TestSite, type WireEvent } from '../../../scripts/e2e/harness.js'

let browser: Browser
let collector: TestCollector
let site: TestSite
let context: BrowserContext
let page: Page

beforeAll(async () => {
  ;[browser, collector, site] = await Promise.all([launch(), startCollector(), startSite()])
})
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.close(), site?.close()])
})
beforeEach(async () => {
  collector.clear()
  context = await browser.newContext()
  page = await context.newPage()
})
afterEach(async () => {
  await context.close()
})

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-23T09:00:00.000Z')

/** The page views received, in order. */
const views = () => collector.unique().filter((e) => e.type == 'page')
const touch = (e: WireEvent) => ({ at: e.context.sessionId, campaign: e.context.campaign, touchpoint: e.context.touchpoint })

describe('attribution in the script tag', () => {
  it('follows an ad click, a direct return an hour later and an email click two days later to the purchase', async () => {
    const shop = site.page('/shop.html', shopPage({ endpoint: collector.endpoint }))
    await page.clock.install({ time: T0 })

    // 1. The ad click: Google Ads adds the gclid to the tagged landing URL.
    await page.goto(`${shop}?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=EAIaIQobChMI`, { referer: 'https://www.google.com/' })
    await collector.waitFor(() => views().length >= 1, 20_000)
    // 2. An hour later, typed in: a new session (30 minutes passed), direct.
    await page.clock.setSystemTime(T0 + HOUR)
    await page.goto(shop)
    await collector.waitFor(() => views().length >= 2, 20_000)
    // 3. Two days later, the newsletter.
    await page.clock.setSystemTime(T0 + HOUR + 48 * HOUR)
    await page.goto(`${shop}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`, { referer: 'https://mail.google.com/' })
    await collector.waitFor(() => views().length >= 3, 20_000)
    // 4. The purchase, ten minutes later.
    await page.clock.setSystemTime(T0 + 49 * HOUR + 600_000)
    await page.evaluate(() => (window as any).touchtrail('track', 'purchase', { value: 59.9, currency: 'EUR' }))
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'purchase'), 20_000)
    const purchase = events.find((e) => e.event == 'purchase')!

    const [ad, direct, email] = views()
    expect(ad.context.campaign).toEqual({ source: 'google', medium: 'cpc', name: 'brand' })
    expect(ad.context.touchpoint).toEqual({
      channel: 'Paid Search',
      clickId: 'EAIaIQobChMI',
      clickIdType: 'gclid',
      referrerCategory: 'search',
      contact: 'digital',
      mode: 'direct',
    })
    expect(direct.context.campaign).toEqual({ source: '(direct)', medium: '(none)' })
    expect(direct.context.touchpoint).toMatchObject({ channel: 'Direct', referrerCategory: 'direct' })
    expect(email.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring' })
    expect(email.context.touchpoint).toMatchObject({ channel: 'Email', referrerCategory: 'email' })

    // Three sessions, at the moved clock's times. A session may begin with the report the bundled vitals
    // plugin sends as the previous page is left; it is the same session, and each begins once.
    const sessions = [ad, direct, email].map((e) => e.context.sessionId)
    expect(sessions.map((id) => id - T0)).toEqual([expect.closeTo(0, -4), expect.closeTo(HOUR, -4), expect.closeTo(49 * HOUR, -4)])
    expect(events.every((e) => sessions.includes(e.context.sessionId))).toBe(true)
    for (const id of sessions) expect(events.filter((e) => e.context.sessionId == id && e.context.sessionStart)).toHaveLength(1)
    expect(new Set(events.map((e) => e.anonymousId)).size).toBe(1)

    // The purchase belongs to the email session and carries the journey.
    expect(purchase.context.sessionId).toBe(email.context.sessionId)
    expect(purchase.context.campaign).toEqual(email.context.campaign)
    expect(purchase.context.attribution).toEqual({
      first: touch(ad),
      last: touch(email),
      trail: [touch(ad), touch(direct), touch(email)],
    })
    // Only conversions carry it.
    expect(views().every((e) => e.context.attribution === undefined)).toBe(true)
  })

  it('keeps the campaign on a direct return within the session and through a PayPal return', async () => {
    const shop = site.page('/shop.html', shopPage({ endpoint: collector.endpoint }))
    await page.clock.install({ time: T0 })
    await page.goto(`${shop}?utm_source=facebook&utm_medium=paid_social&utm_campaign=reels&fbclid=IwAR2`, { referer: 'https://l.facebook.com/' })
    await collector.waitFor(() => views().length >= 1, 20_000)
    await page.clock.setSystemTime(T0 + 20 * 60_000)
    await page.goto(shop)
    await collector.waitFor(() => views().length >= 2, 20_000)
    await page.goto(site.page('/checkout/return', shopPage({ endpoint: collector.endpoint })) + '?token=EC-7', { referer: 'https://www.paypal.com/' })
    await collector.waitFor(() => views().length >= 3, 20_000)
    const [landing, back, fromPaypal] = views()
    expect(landing.context.touchpoint).toMatchObject({ channel: 'Paid Social', clickIdType: 'fbclid', referrerCategory: 'social' })
    for (const e of [back, fromPaypal]) {
      expect(e.context.sessionId).toBe(landing.context.sessionId)
      expect(e.context.sessionStart).toBeUndefined()
      expect(e.context.campaign).toEqual({ source: 'facebook', medium: 'paid_social', name: 'reels' })
      expect(e.context.touchpoint).toEqual(landing.context.touchpoint)
    }
  })

  it('keeps the campaign through the checkout and sister-shop domains the script tag lists', async () => {
    const attrs = { 'data-checkout-domains': 'pay.psp.example, accounts.google.com', 'data-internal-domains': 'shop-example.at' }
    const shop = site.page('/listed.html', shopPage({ endpoint: collector.endpoint, attrs }))
    await page.goto(`${shop}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`, { referer: 'https://mail.google.com/' })
    await collector.waitFor(() => views().length >= 1, 20_000)
    // A sign-in with Google, a payment page and the shop's Austrian site send the visitor back.
    const referers = ['https://accounts.google.com/o/oauth2/auth', 'https://secure.pay.psp.example/3ds', 'https://www.shop-example.at/jeans']
    for (const [i, referer] of referers.entries()) {
      await page.goto(shop, { referer })
      await collector.waitFor(() => views().length >= 2 + i, 20_000)
    }
    const [landing, ...returns] = views()
    expect(landing.context.touchpoint!.channel).toBe('Email')
    for (const e of returns) {
      expect(e.context.sessionId).toBe(landing.context.sessionId)
      expect(e.context.sessionStart).toBeUndefined()
      expect(e.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring' })
    }

    // Without the attributes, the sign-in is a new visit from Google search.
    collector.clear()
    const plain = await browser.newContext()
    const other = await plain.newPage()
    await other.goto(`${site.page('/plain.html', shopPage({ endpoint: collector.endpoint }))}?utm_source=newsletter&utm_medium=email`)
    await collector.waitFor(() => views().length >= 1, 20_000)
    await other.goto(site.page('/plain.html', shopPage({ endpoint: collector.endpoint })), { referer: 'https://accounts.google.com/o/oauth2/auth' })
    await collector.waitFor(() => views().length >= 2, 20_000)
    await plain.close()
    const [, signIn] = views()
    expect(signIn.context.sessionStart).toBe(true)
    expect(signIn.context.campaign).toMatchObject({ source: 'google', medium: 'organic' })
  })

  it('starts a new session when a landing brings another campaign, and remembers nothing until consent', async () => {
    const shop = site.page('/pending.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-consent': 'pending' } }))
    await page.goto(`${shop}?utm_source=newsletter&utm_medium=email`, { referer: 'https://mail.google.com/' })
    await page.evaluate(() => (window as any).touchtrail('flush'))
    expect((await deviceState(context, site.origin)).localStorage).toEqual([])
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    await collector.waitFor(() => views().length >= 1, 20_000)
    expect((await deviceState(context, site.origin)).localStorage).toContain('tt_at')
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    await page.goto(`${shop}?utm_source=chatgpt.com`, { referer: 'https://chatgpt.com/' })
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    await collector.waitFor(() => views().length >= 2, 20_000)
    const [email, ai] = views()
    expect(email.context.touchpoint!.channel).toBe('Email')
    expect(ai.context.touchpoint).toMatchObject({ channel: 'AI Assistant', referrerCategory: 'ai', mode: 'indirect' })
    expect(ai.context.sessionStart).toBe(true)
    expect(ai.context.sessionId).toBeGreaterThan(email.context.sessionId)
  })
})

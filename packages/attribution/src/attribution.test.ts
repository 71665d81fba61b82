import { createTracker, pageViews, scrub, type Plugin, type TrackerEvent } from '@touchtrail/core'
import { afterEach, describe, expect, it } from 'vitest'
import { attribution } from './attribution.js'
import { testShop, type TestShop } from './test-shop.js'

const SHOP = 'https://shop.example'
const MIN = 60_000
const AD = `${SHOP}/p/jeans?utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=Cj0KCQ`
const EMAIL = `${SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring`

let shop: TestShop
afterEach(() => shop?.close())

const channels = (touches?: { touchpoint: { channel?: string } }[]) => touches?.map((t) => t.touchpoint.channel)

describe('attribution(): the session’s campaign and touchpoint', () => {
  it('puts the session’s campaign and touchpoint on every event of the session', async () => {
    shop = testShop()
    const page = await shop.visit(AD, 'https://www.google.com/')
    const later = await shop.track('add_to_cart')
    for (const ev of [page, later]) {
      expect(ev.context.campaign).toEqual({ source: 'google', medium: 'cpc', name: 'brand' })
      expect(ev.context.touchpoint).toEqual({
        channel: 'Paid Search',
        clickId: 'Cj0KCQ',
        clickIdType: 'gclid',
        referrerCategory: 'search',
        contact: 'digital',
        // The shop's own ad made the contact.
        mode: 'direct',
      })
    }
    expect(later.context.sessionId).toBe(page.context.sessionId)
  })

  it('with scrub(), stores no personal data from the landing URL, and a reload of it is the same session', async () => {
    shop = testShop({}, () => [scrub()])
    const landing = `${SHOP}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_content=jane.doe%40example.com&utm_term=%2B49%20170%201234567`
    const first = await shop.visit(landing)
    expect(first.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring', content: '[redacted]', term: '[redacted]' })
    // On the device, for the whole journey (first touch, trail): nothing of what scrub() removes.
    const stored = Object.keys(localStorage).map((k) => localStorage.getItem(k)).join(' ')
    expect(stored).toContain('newsletter')
    expect(stored).not.toMatch(/jane|example\.com|1234567/)
    shop.advance(MIN)
    const reload = await shop.visit(landing)
    expect(reload.context.sessionId).toBe(first.context.sessionId)
    expect(reload.context.sessionStart).toBeUndefined()
  })

  it('marks a direct visit direct, and a visit a third party led indirect', async () => {
    shop = testShop()
    const { context } = await shop.visit(`${SHOP}/`)
    expect(context.campaign).toEqual({ source: '(direct)', medium: '(none)' })
    expect(context.touchpoint).toEqual({ channel: 'Direct', referrerCategory: 'direct', contact: 'digital', mode: 'direct' })
    shop.advance(31 * MIN)
    const search = await shop.visit(`${SHOP}/`, 'https://duckduckgo.com/')
    expect(search.context.touchpoint).toEqual({ channel: 'Organic Search', referrerCategory: 'search', contact: 'digital', mode: 'indirect' })
  })

  it('starts a new session when a landing brings another campaign', async () => {
    shop = testShop()
    const first = await shop.visit(EMAIL)
    shop.advance(5 * MIN)
    const second = await shop.visit(`${SHOP}/?utm_source=facebook&utm_medium=paid_social`)
    expect(second.context.sessionId).toBe(shop.now)
    expect(second.context.sessionId).not.toBe(first.context.sessionId)
    expect(second.context.sessionStart).toBe(true)
    expect(second.context.touchpoint!.channel).toBe('Paid Social')
  })

  it('keeps the session’s campaign on a direct return within the session timeout', async () => {
    shop = testShop()
    const first = await shop.visit(EMAIL)
    shop.advance(20 * MIN)
    const back = await shop.visit(`${SHOP}/`)
    expect(back.context.sessionId).toBe(first.context.sessionId)
    expect(back.context.sessionStart).toBeUndefined()
    expect(back.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'spring' })
  })

  it('starts a direct session on a direct return after the timeout', async () => {
    shop = testShop()
    await shop.visit(EMAIL)
    shop.advance(31 * MIN)
    const back = await shop.visit(`${SHOP}/`)
    expect(back.context.sessionStart).toBe(true)
    expect(back.context.touchpoint!.channel).toBe('Direct')
  })

  it('calls a session begun on a page seen before (a tab left open) direct, until a fresh landing decides it', async () => {
    shop = testShop()
    const ad = await shop.visit(AD)
    shop.advance(60 * MIN)
    // A report the old page sends as the visitor leaves it, an hour later: a new session, provisionally direct.
    const leaving = await shop.track('page_vitals')
    expect(leaving.context.sessionStart).toBe(true)
    expect(leaving.context.touchpoint!.channel).toBe('Direct')
    expect(shop.tracker.attribution!.trail()).toHaveLength(1)
    // The newsletter link they followed decides the session, which stays one session.
    const email = await shop.visit(EMAIL)
    expect(email.context.sessionId).toBe(leaving.context.sessionId)
    expect(email.context.touchpoint!.channel).toBe('Email')
    expect(channels(shop.tracker.attribution!.trail())).toEqual(['Paid Search', 'Email'])
    expect(shop.tracker.attribution!.trail()[0].at).toBe(ad.context.sessionId)
    // Had they typed the address instead, the direct touch would be confirmed.
    shop.advance(60 * MIN)
    await shop.track('page_vitals')
    await shop.visit(`${SHOP}/`)
    expect(channels(shop.tracker.attribution!.trail())).toEqual(['Paid Search', 'Email', 'Direct'])
  })

  it('keeps the same campaign landing again (a reload, a second ad click) in the session', async () => {
    shop = testShop()
    const first = await shop.visit(EMAIL)
    shop.advance(MIN)
    const again = await shop.visit(EMAIL, 'https://mail.google.com/')
    expect(again.context.sessionId).toBe(first.context.sessionId)
  })

  it('takes a referrer-only return from the session’s own source as the same campaign (a reload after the URL was cleaned)', async () => {
    shop = testShop()
    const ad = await shop.visit(`${SHOP}/?gclid=abc`, 'https://www.google.com/')
    shop.advance(MIN)
    const reload = await shop.visit(`${SHOP}/`, 'https://www.google.com/')
    expect(reload.context.sessionId).toBe(ad.context.sessionId)
    expect(reload.context.touchpoint!.channel).toBe('Paid Search')
    shop.advance(MIN)
    const other = await shop.visit(`${SHOP}/`, 'https://www.bing.com/')
    expect(other.context.sessionStart).toBe(true)
    expect(other.context.touchpoint!.channel).toBe('Organic Search')
  })

  it('reads the landing from the event’s own page context, not from the address bar at build time', async () => {
    shop = testShop()
    await shop.visit(`${SHOP}/`)
    shop.advance(31 * MIN)
    ;(window as any).happyDOM.setURL(EMAIL)
    shop.tracker.track('clicked')
    ;(window as any).happyDOM.setURL(`${SHOP}/elsewhere?utm_source=bing&utm_medium=cpc`)
    await shop.tracker.flush()
    const ev = shop.events[shop.events.length - 1]
    expect(ev.context.page.url).toBe(EMAIL)
    expect(ev.context.campaign!.source).toBe('newsletter')
  })

  it('keeps the campaign through a checkout return, and carries it into a new session after a long payment', async () => {
    shop = testShop()
    const ad = await shop.visit(AD)
    shop.advance(45 * MIN)
    const back = await shop.visit(`${SHOP}/checkout/done`, 'https://www.paypal.com/checkoutnow')
    expect(back.context.sessionStart).toBe(true)
    expect(back.context.campaign).toEqual(ad.context.campaign)
    expect(back.context.touchpoint!.clickId).toBe('Cj0KCQ')
    const purchase = await shop.track('purchase')
    expect(channels((purchase.context.attribution as any).trail)).toEqual(['Paid Search'])
  })

  it('knows configured internal and checkout domains', async () => {
    shop = testShop({ internalDomains: ['shop-blog.example'], checkoutDomains: ['pay.psp.example'] })
    await shop.visit(EMAIL)
    shop.advance(MIN)
    const fromBlog = await shop.visit(`${SHOP}/`, 'https://www.shop-blog.example/post')
    const fromPsp = await shop.visit(`${SHOP}/done`, 'https://secure.pay.psp.example/3ds')
    for (const ev of [fromBlog, fromPsp]) expect(ev.context.campaign!.source).toBe('newsletter')
    expect(fromBlog.context.sessionId).toBe(fromPsp.context.sessionId)
  })

  it('reads aliases and extra parameters; utm_* wins over an alias', async () => {
    shop = testShop({ aliases: { Ref: 'source', cmp: 'name' }, params: ['Promo'] })
    const a = await shop.visit(`${SHOP}/?ref=partner-blog&cmp=spring&PROMO=X10&utm_medium=affiliate`)
    expect(a.context.campaign).toEqual({ source: 'partner-blog', name: 'spring', promo: 'X10', medium: 'affiliate' })
    expect(a.context.touchpoint!.channel).toBe('Affiliates')
    shop.advance(31 * MIN)
    const b = await shop.visit(`${SHOP}/?ref=partner-blog&utm_source=newsletter&utm_medium=email`)
    expect(b.context.campaign).toEqual({ source: 'newsletter', medium: 'email' })
  })
})

describe('attribution(): the journey', () => {
  it('keeps the first touch, the last non-direct touch and the trail, and attaches them to purchase and identify', async () => {
    shop = testShop()
    const ad = await shop.visit(AD, 'https://www.google.com/')
    shop.advance(60 * MIN)
    const direct = await shop.visit(`${SHOP}/`)
    shop.advance(2 * 24 * 60 * MIN)
    const email = await shop.visit(EMAIL, 'https://mail.google.com/')
    const purchase = await shop.track('purchase')
    const a = purchase.context.attribution as any
    expect(a.first).toEqual({ at: ad.context.sessionId, campaign: ad.context.campaign, touchpoint: ad.context.touchpoint })
    expect(a.last).toEqual({ at: email.context.sessionId, campaign: email.context.campaign, touchpoint: email.context.touchpoint })
    expect(a.trail.map((t: any) => [t.at, t.touchpoint.channel])).toEqual([
      [ad.context.sessionId, 'Paid Search'],
      [direct.context.sessionId, 'Direct'],
      [email.context.sessionId, 'Email'],
    ])
    expect(new Set([ad, direct, email].map((e) => e.context.sessionId)).size).toBe(3)
    shop.tracker.identify('u-42')
    await shop.tracker.flush()
    expect(shop.events.at(-1)!.context.attribution).toEqual(a)
    // Other events do not carry it.
    expect((await shop.track('add_to_cart')).context.attribution).toBeUndefined()
    expect(email.context.attribution).toBeUndefined()
  })

  it('keeps a direct touch as last only while there is no other', async () => {
    shop = testShop()
    await shop.visit(`${SHOP}/`)
    expect(shop.tracker.attribution!.last()!.touchpoint.channel).toBe('Direct')
    shop.advance(40 * MIN)
    await shop.visit(EMAIL)
    shop.advance(40 * MIN)
    await shop.visit(`${SHOP}/`)
    expect(shop.tracker.attribution!.last()!.touchpoint.channel).toBe('Email')
    expect(shop.tracker.attribution!.first()!.touchpoint.channel).toBe('Direct')
    expect(shop.tracker.attribution!.touch()!.touchpoint.channel).toBe('Direct')
  })

  it('keeps the latest trailLength touches, oldest first', async () => {
    shop = testShop({ trailLength: 3 })
    for (let i = 1; i <= 5; i++) {
      await shop.visit(`${SHOP}/?utm_source=s${i}&utm_medium=email`)
      shop.advance(MIN)
    }
    expect(shop.tracker.attribution!.trail().map((t) => t.campaign.source)).toEqual(['s3', 's4', 's5'])
    expect(shop.tracker.attribution!.first()!.campaign.source).toBe('s1')
  })

  it('keeps ten touches by default', async () => {
    shop = testShop()
    for (let i = 1; i <= 12; i++) {
      await shop.visit(`${SHOP}/?utm_source=s${i}&utm_medium=email`)
      shop.advance(MIN)
    }
    expect(shop.tracker.attribution!.trail()).toHaveLength(10)
    expect(shop.tracker.attribution!.trail()[0].campaign.source).toBe('s3')
  })

  it('attaches the journey to the configured conversion events only', async () => {
    shop = testShop({ conversions: ['signup', 'purchase'] })
    await shop.visit(EMAIL)
    expect((await shop.track('signup')).context.attribution).toMatchObject({ first: { campaign: { source: 'newsletter' } } })
    expect((await shop.track('purchase')).context.attribution).toBeDefined()
    expect((await shop.track('begin_checkout')).context.attribution).toBeUndefined()
  })

  it('survives page loads through tracker.store, and stores nothing while consent is pending', async () => {
    shop = testShop()
    await shop.visit(EMAIL, '', { consent: 'pending' })
    expect(localStorage.getItem('tt_at')).toBeNull()
    shop.tracker.consent('granted')
    await shop.tracker.flush()
    expect(JSON.parse(localStorage.getItem('tt_at')!).f.campaign.source).toBe('newsletter')
    shop.advance(MIN)
    const next = await shop.visit(`${SHOP}/`)
    expect(next.context.campaign!.source).toBe('newsletter')
  })

  it('writes the journey only when it changes, not on every event', async () => {
    shop = testShop()
    await shop.visit(EMAIL)
    // The same journey, written with spaces: any write of it would replace this text.
    const spaced = JSON.stringify(JSON.parse(localStorage.getItem('tt_at')!), null, 1)
    localStorage.setItem('tt_at', spaced)
    // The rest of the page's events, and a direct page view in the session, change nothing.
    for (let i = 0; i < 20; i++) await shop.track('view_item')
    await shop.visit(`${SHOP}/cart`)
    expect(localStorage.getItem('tt_at')).toBe(spaced)
    // A new touch does.
    shop.advance(5 * MIN)
    await shop.visit(`${SHOP}/?utm_source=facebook&utm_medium=paid_social`)
    expect(localStorage.getItem('tt_at')).not.toBe(spaced)
    expect(JSON.parse(localStorage.getItem('tt_at')!).l.campaign.source).toBe('facebook')
  })

  it('starts afresh over a stored value it cannot read, and the event still gets its campaign', async () => {
    shop = testShop()
    localStorage.setItem('tt_at', JSON.stringify({ t: 'not a trail', c: 42 }))
    const ev = await shop.visit(EMAIL)
    expect(ev.context.touchpoint!.channel).toBe('Email')
    expect(shop.tracker.attribution!.trail()).toHaveLength(1)
    localStorage.setItem('tt_at', '{broken json')
    expect((await shop.track('add_to_cart')).context.campaign!.source).toBe('newsletter')
  })

  it('forgets the journey when consent is denied', async () => {
    shop = testShop()
    await shop.visit(EMAIL)
    expect(localStorage.getItem('tt_at')).not.toBeNull()
    shop.tracker.consent('denied')
    expect(localStorage.getItem('tt_at')).toBeNull()
    expect(shop.tracker.attribution!.trail()).toEqual([])
  })
})

describe('attribution(): tracker.attribution for other plugins', () => {
  /** A plugin after attribution that sets an analog touch when the landing has `?qr=`, as the QR plugin will. */
  const qrLike = (): Plugin => ({
    name: 'qr-like',
    setup(tracker) {
      return tracker.on('event', (ev) => {
        const qr = new URL(ev.context.page.url).searchParams.get('qr')
        if (qr && ev.type == 'page') tracker.attribution!.set({ campaign: { source: qr, medium: 'qr' }, touchpoint: { contact: 'analog', referrerCategory: 'direct' } })
      })
    },
  })

  it('exposes the current touch, the first, the last and the trail', async () => {
    shop = testShop()
    expect(shop.tracker).toBeUndefined()
    const ev = await shop.visit(EMAIL)
    const api = shop.tracker.attribution!
    expect(api.touch()).toEqual({ at: ev.context.sessionId, campaign: ev.context.campaign, touchpoint: ev.context.touchpoint })
    expect(api.first()).toEqual(api.touch())
    expect(api.last()).toEqual(api.touch())
    expect(api.trail()).toEqual([api.touch()])
  })

  it('lets a later plugin’s hook set the touch of the event being built, replacing the direct one', async () => {
    shop = testShop({}, () => [qrLike()])
    const ev = await shop.visit(`${SHOP}/l?qr=poster-17`)
    expect(ev.context.campaign).toEqual({ source: 'poster-17', medium: 'qr' })
    expect(ev.context.touchpoint).toEqual({ channel: 'QR / Print', contact: 'analog', referrerCategory: 'direct', mode: 'direct' })
    expect(shop.tracker.attribution!.trail()).toHaveLength(1)
    expect(shop.tracker.attribution!.first()!.touchpoint.contact).toBe('analog')
  })

  it('starts a new session when a hook sets another campaign in a running session', async () => {
    shop = testShop({}, () => [qrLike()])
    const first = await shop.visit(EMAIL)
    shop.advance(5 * MIN)
    const scan = await shop.visit(`${SHOP}/l?qr=poster-17`)
    expect(scan.context.sessionStart).toBe(true)
    expect(scan.context.sessionId).not.toBe(first.context.sessionId)
    expect(channels(shop.tracker.attribution!.trail())).toEqual(['Email', 'QR / Print'])
  })

  it('applies set() called outside a hook to the next event', async () => {
    shop = testShop()
    await shop.visit(`${SHOP}/`)
    shop.tracker.attribution!.set({ campaign: { source: 'flyer', medium: 'print' } })
    const next = await shop.track('scan_confirmed')
    expect(next.context.touchpoint!.channel).toBe('QR / Print')
    expect(next.context.sessionStart).toBe(true)
  })

  it('removes its hook and its API on teardown', async () => {
    shop = testShop()
    await shop.visit(EMAIL)
    const tracker = shop.tracker
    tracker.destroy()
    expect(tracker.attribution).toBeUndefined()
  })
})

describe('attribution({ cleanUrl })', () => {
  it('removes the parameters it read from the address bar, without a new page view', async () => {
    shop = testShop() // a clean device; this test loads its page itself, with pageViews()
    ;(window as any).happyDOM.setURL(`${SHOP}/p?id=7&utm_source=newsletter&UTM_MEDIUM=email&gclid=x&utm_term=#top`)
    Object.defineProperty(document, 'referrer', { value: '', configurable: true })
    const events: TrackerEvent[] = []
    const tracker = createTracker({
      endpoint: 'https://collect.example/collect',
      transport: () => ({ send: (e) => void events.push(...e), flush: async () => {} }),
      plugins: [attribution({ cleanUrl: true }), pageViews()],
    })
    await tracker.flush()
    expect(location.href).toBe(`${SHOP}/p?id=7#top`)
    tracker.track('add_to_cart')
    await tracker.flush()
    expect(events.map((e) => e.type)).toEqual(['page', 'track'])
    expect(events[1].context.page.url).toBe(`${SHOP}/p?id=7#top`)
    expect(events[1].context.campaign).toEqual({ source: 'newsletter', medium: 'email' })
    expect(events[1].context.sessionStart).toBeUndefined()
    tracker.destroy()
  })

  it('cleans a hash route too', async () => {
    shop = testShop({ cleanUrl: true })
    await shop.visit(`${SHOP}/#/p/1?utm_source=a&utm_medium=email&tab=2`)
    expect(location.href).toBe(`${SHOP}/#/p/1?tab=2`)
  })

  it('leaves the address bar alone by default', async () => {
    shop = testShop()
    await shop.visit(EMAIL)
    expect(location.href).toBe(EMAIL)
  })
})

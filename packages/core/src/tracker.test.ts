import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, createTrackerWith } from './tracker.js'
import type { Plugin, Tracker, TrackerEvent, TrackerOptions } from './types.js'
import { VERSION } from './version.js'
import pkg from '../package.json'

let time: number
let sent: TrackerEvent[]
let cleared: number

const setup = (options: Partial<TrackerOptions> = {}) =>
  createTracker({
    endpoint: 'https://collect.test/collect',
    now: () => time,
    transport: () => ({
      send: (events) => void sent.push(...events),
      flush: async () => {},
      clear: () => void cleared++,
    }),
    ...options,
  })

const tick = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => {
  time = Date.UTC(2026, 10, 23, 7)
  sent = []
  cleared = 0
})
afterEach(() => {
  localStorage.clear()
  delete (navigator as any).globalPrivacyControl
})

describe('createTracker', () => {
  it('builds events in the wire format of DESIGN.md', async () => {
    const t = setup({ site: 'shop-1' })
    t.page('Home', { section: 'start' })
    t.track('add_to_cart', { value: 59.9 })
    t.identify('u-42', { plan: 'pro' })
    await tick()
    expect(sent.map((e) => e.type)).toEqual(['page', 'track', 'identify'])
    const [page, track, identify] = sent
    expect(page).toMatchObject({
      name: 'Home',
      properties: { section: 'start' },
      timestamp: '2026-11-23T07:00:00.000Z',
      context: {
        library: { name: 'touchtrail', version: VERSION },
        page: { url: location.href, path: location.pathname, search: location.search, title: document.title, referrer: document.referrer },
        sessionId: time,
        sessionStart: true,
        consent: 'granted',
        site: 'shop-1',
      },
    })
    expect(track).toMatchObject({ event: 'add_to_cart', properties: { value: 59.9 } })
    expect(track.context.sessionStart).toBeUndefined()
    expect(identify).toMatchObject({ userId: 'u-42', traits: { plan: 'pro' } })
    expect(identify.properties).toBeUndefined()
    expect(new Set(sent.map((e) => e.anonymousId)).size).toBe(1)
    expect(new Set(sent.map((e) => e.messageId)).size).toBe(3)
  })

  it('keeps the library version equal to package.json', () => {
    expect(VERSION).toBe(pkg.version)
  })

  it('does no storage and no serialisation inside track()', async () => {
    const t = setup()
    t.track('warm_up')
    await tick()
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    const stringify = vi.spyOn(JSON, 'stringify')
    t.track('cheap', { a: 1 })
    expect(setItem).not.toHaveBeenCalled()
    expect(getItem).not.toHaveBeenCalled()
    expect(stringify).not.toHaveBeenCalled()
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['warm_up', 'cheap'])
  })

  it('accepts page(properties) and page(name, properties)', async () => {
    const t = setup()
    t.page({ sku: 'J-1' })
    t.page('Product', { sku: 'J-2' })
    // A name is cut to the collector's 500 characters, as an event name is to 200.
    t.page('n'.repeat(70_000))
    await tick()
    expect(sent.map((e) => [e.name, e.properties])).toEqual([
      [undefined, { sku: 'J-1' }],
      ['Product', { sku: 'J-2' }],
      ['n'.repeat(500), {}],
    ])
  })

  it('takes a page view\'s referrer only as a string', async () => {
    const t = setup()
    t.page(undefined, undefined, { big: 1n } as any)
    t.page(undefined, undefined, 'https://shop.example/from')
    t.page(undefined, undefined, 42 as any)
    await tick()
    // An object kept as the referrer went into every later event and made it unserialisable.
    expect(sent.map((e) => e.context.page.referrer)).toEqual([document.referrer, 'https://shop.example/from', 'https://shop.example/from'])
  })

  it('drops a track() without an event name with one warning in debug mode', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = setup({ debug: true })
    t.track(undefined as any)
    t.track('   ')
    t.track('ok')
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['ok'])
    expect(warn.mock.calls).toEqual([['touchtrail: track() needs an event name; call dropped']])
  })

  it('keeps the event but not its properties when they are no object, or an object that serialises as none', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = setup({ debug: true })
    const odd = [new Date(0), new Date(NaN), ['a'], Object('boxed'), () => 1, 42, { toJSON: () => 'x' }]
    odd.forEach((p, i) => t.track('e' + i, p))
    t.identify('u-1', new Date(0) as any)
    t.track('fine', { toJSON: () => ({ ok: 1 }) })
    await tick()
    // The collector refuses an event whose properties or traits are not an object.
    expect(sent.map((e) => [e.event ?? e.type, e.properties ?? e.traits])).toEqual([
      ...odd.map((_, i) => ['e' + i, {}]),
      ['identify', {}],
      ['fine', { ok: 1 }],
    ])
    expect(new Set(warn.mock.calls.map((c) => c[0]))).toEqual(
      new Set(['touchtrail: track() properties must be an object; ignored', 'touchtrail: identify() properties must be an object; ignored']),
    )
    warn.mockRestore()
  })

  it('stays silent about bad calls outside debug mode', async () => {
    const warn = vi.spyOn(console, 'warn')
    const t = setup()
    t.track('')
    t.track('x', 'not an object' as any)
    await tick()
    expect(warn).not.toHaveBeenCalled()
    expect(sent.map((e) => e.properties)).toEqual([{}])
  })

  it('drops events whose properties are over maxEventBytes and keeps the rest', async () => {
    const t = setup({ maxEventBytes: 100 })
    t.track('big', { s: 'x'.repeat(200) })
    t.track('small', { s: 'x' })
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['small'])
  })

  it('counts maxEventBytes in UTF-8 bytes, as the wire and the collector do', async () => {
    const t = setup({ maxEventBytes: 300 })
    t.track('ascii', { s: 'x'.repeat(250) })
    t.track('umlauts', { s: 'ü'.repeat(250) })
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['ascii'])
  })

  it('trims a big order to its first items, and keeps its value and ids, rather than dropping it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = setup({ debug: true })
    // 150 lines of GA4 items, about 52 kB: over the default limit of 24,000 bytes.
    const items = Array.from({ length: 150 }, (_, i) => ({
      item_id: 'SKU-' + i,
      item_name: 'Organic cotton shirt, slim fit, long sleeves, size ' + i,
      item_brand: 'Example Clothing Company',
      item_category: 'Apparel',
      item_category2: 'Men',
      item_category3: 'Shirts',
      item_category4: 'Long sleeves',
      item_variant: 'white/' + i,
      item_list_name: 'Search results for white shirt',
      price: 49.9,
      quantity: 1,
    }))
    t.track('purchase', { transaction_id: 'T-1', value: 7485, currency: 'EUR', items })
    await tick()
    const [purchase] = sent
    const p = purchase.properties as { items: typeof items; items_trimmed: number; value: number }
    expect(p).toMatchObject({ transaction_id: 'T-1', value: 7485, currency: 'EUR' })
    expect(p.items.length + p.items_trimmed).toBe(150)
    expect(p.items).toEqual(items.slice(0, p.items.length))
    const bytes = new TextEncoder().encode(JSON.stringify(p)).length
    expect(bytes).toBeLessThanOrEqual(24_000)
    expect(bytes).toBeGreaterThan(23_000)
    expect(warn).toHaveBeenCalledWith('touchtrail: track() properties are over 24000 bytes: lists cut')
  })

  it('copies properties, so later changes by the page do not leak into the event', async () => {
    const t = setup()
    const props = { items: [{ id: 'J-1' }] }
    t.track('add_to_cart', props)
    await tick()
    props.items.push({ id: 'J-2' })
    expect(sent[0].properties).toEqual({ items: [{ id: 'J-1' }] })
  })

  it('starts a new session after the inactivity timeout and keeps the anonymousId', async () => {
    const t = setup({ sessionTimeoutMs: 60_000 })
    t.track('a')
    time += 59_000
    t.track('b')
    time += 61_000
    t.track('c')
    await tick()
    const [a, b, c] = sent
    expect(b.context.sessionId).toBe(a.context.sessionId)
    expect(c.context.sessionId).toBe(time)
    expect(sent.map((e) => e.context.sessionStart)).toEqual([true, undefined, true])
    expect(c.anonymousId).toBe(a.anonymousId)
    expect(t.session()).toMatchObject({ id: time, reason: 'timeout' })
  })

  it('continues the session another tab moved on', async () => {
    const t = setup({ sessionTimeoutMs: 60_000 })
    t.track('a')
    await tick()
    // Another tab tracked 50 s later; this one wakes 50 s after that: still one session.
    localStorage.setItem('tt_s', JSON.stringify({ id: sent[0].context.sessionId, last: time + 50_000, reason: 'new' }))
    time += 100_000
    t.track('b')
    await tick()
    expect(sent[1].context.sessionId).toBe(sent[0].context.sessionId)
  })

  it('lets a plugin start a new session for the event being built', async () => {
    const t = setup()
    t.use({
      name: 'campaigns',
      setup: (tr) => {
        tr.on('event', (ev) => {
          if (ev.event == 'landing') tr.startSession('campaign')
        })
      },
    })
    t.track('a')
    time += 1000
    t.track('landing')
    await tick()
    expect(sent[1].context.sessionId).toBe(time)
    expect(sent[1].context.sessionStart).toBe(true)
    expect(t.session()?.reason).toBe('campaign')
  })

  it('holds events while consent is pending and sends them, with their own times, once granted', async () => {
    const t = setup({ consent: 'pending' })
    t.track('early')
    const early = time
    time += 5000
    await tick()
    expect(sent).toEqual([])
    expect(localStorage.length).toBe(0)
    expect(t.consent('granted')).toBe('granted')
    expect(sent.map((e) => [e.event, Date.parse(e.timestamp)])).toEqual([['early', early]])
    expect(sent[0].context.consent).toBe('granted')
    expect(localStorage.getItem('tt_a')).toBe(JSON.stringify(sent[0].anonymousId))
  })

  it('drops held events, clears storage and the transport when consent is denied', async () => {
    const t = setup()
    t.track('granted_event')
    await tick()
    expect(localStorage.getItem('tt_a')).not.toBeNull()
    // The queue's undelivered events go too.
    localStorage.setItem('tt_q', '[]')
    t.consent('pending')
    t.track('held')
    t.consent('denied')
    t.track('after')
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['granted_event'])
    expect(localStorage.length).toBe(0)
    expect(cleared).toBe(1)
  })

  it('treats Global Privacy Control as denied until the site grants consent', async () => {
    ;(navigator as any).globalPrivacyControl = true
    const t = setup({ consent: 'granted' })
    expect(t.consent()).toBe('denied')
    t.track('before')
    await tick()
    expect(sent).toEqual([])
    t.consent('granted')
    t.track('after')
    await tick()
    expect(sent.map((e) => e.event)).toEqual(['after'])
  })

  it('forgets what an earlier visit stored when a visit starts refused, by the site or by GPC', async () => {
    const earlier = setup()
    earlier.track('earlier')
    await tick()
    earlier.destroy()
    expect(Object.keys(localStorage).sort()).toEqual(['tt_a', 'tt_s'])
    for (const start of [() => setup({ consent: 'denied' }), () => ((navigator as any).globalPrivacyControl = true) && setup()]) {
      localStorage.setItem('tt_a', '"earlier-id"')
      cleared = 0
      const t = start()
      await tick()
      expect(localStorage.length).toBe(0)
      expect(cleared).toBe(1)
      // Granted later: a new visitor, not the one from before the refusal.
      t.consent('granted')
      expect(t.user().anonymousId).not.toBe('earlier-id')
      t.destroy()
      localStorage.clear()
    }
    expect(sent.map((e) => e.event)).toEqual(['earlier'])
  })

  it('keeps the stored visitor when the page grants consent in the task the tracker starts in', async () => {
    localStorage.setItem('tt_a', '"opted-in"')
    ;(navigator as any).globalPrivacyControl = true
    const t = setup()
    // The snippet's queue: the consent manager replays the visitor's own choice.
    t.consent('granted')
    await tick()
    expect(t.user().anonymousId).toBe('opted-in')
    expect(cleared).toBe(0)
  })

  it('clears again on a refusal repeated while already refused', async () => {
    const t = setup({ consent: 'denied' })
    await tick()
    // Another tab stored something meanwhile.
    localStorage.setItem('tt_a', '"other-tab"')
    t.consent('denied')
    expect(localStorage.length).toBe(0)
  })

  it('ignores an unknown consent state', () => {
    const t = setup()
    expect(t.consent('maybe' as any)).toBe('granted')
  })

  it('refuses a user id that is not a string of 1 to 256 characters, with a warning in debug mode', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = setup({ debug: true })
    t.identify('u-1')
    // Kept, it would go on every later event, and the collector refuses those over 256 characters.
    t.identify('x'.repeat(257))
    t.identify('' as any)
    t.identify(true as any)
    t.track('a')
    await tick()
    expect(sent.map((e) => [e.type, e.userId])).toEqual([
      ['identify', 'u-1'],
      ['track', 'u-1'],
    ])
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['touchtrail: identify() needs a string user id of 256 characters at most; call dropped'])
    t.identify('y'.repeat(256))
    t.track('b')
    await tick()
    expect(sent.at(-1)!.userId).toBe('y'.repeat(256))
    warn.mockRestore()
  })

  it('delivers what was tracked before reset() under the identity it was tracked with, and keeps the transport', async () => {
    const t = setup()
    t.identify('u-8')
    t.track('purchase')
    // A log-out in the same task: nothing built yet.
    t.reset()
    t.track('after_logout')
    await tick()
    expect(sent.map((e) => [e.type, e.event, e.userId])).toEqual([
      ['identify', undefined, 'u-8'],
      ['track', 'purchase', 'u-8'],
      ['track', 'after_logout', undefined],
    ])
    expect(sent[2].anonymousId).not.toBe(sent[1].anonymousId)
    expect(cleared).toBe(0)
  })

  it('keeps the user id for later events and forgets it on identify(null) and reset()', async () => {
    const t = setup()
    t.identify('u-1')
    t.track('a')
    t.identify(null)
    t.track('b')
    t.identify(42)
    t.track('c')
    await tick()
    expect(sent.map((e) => e.userId)).toEqual(['u-1', 'u-1', undefined, undefined, '42', '42'])
    const anon = sent[0].anonymousId
    t.reset()
    t.track('d')
    await tick()
    expect(sent[6].userId).toBeUndefined()
    expect(sent[6].anonymousId).not.toBe(anon)
    expect(sent[6].context.sessionStart).toBe(true)
  })

  it('marks cookieless events and keeps nothing on the device', async () => {
    const t = setup({ storage: 'none' })
    t.identify('u-1')
    t.track('a')
    await tick()
    expect(sent.map((e) => e.context.cookieless)).toEqual([true, true])
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
  })

  it('keeps the anonymousId across page loads', async () => {
    setup().track('a')
    await tick()
    setup().track('b')
    await tick()
    expect(sent[1].anonymousId).toBe(sent[0].anonymousId)
  })

  it('runs event hooks in plugin order; a hook can enrich or drop an event', async () => {
    const t = setup({
      plugins: [
        { name: 'enrich', setup: (tr) => void tr.on('event', (ev) => void (ev.context.extra = 1)) },
        { name: 'drop', setup: (tr) => void tr.on('event', (ev) => ev.event != 'secret') },
      ],
    })
    t.track('secret')
    t.track('public')
    await tick()
    expect(sent.map((e) => [e.event, e.context.extra])).toEqual([['public', 1]])
  })

  it('runs a hook subscribed with `first` before those already there', async () => {
    const order: string[] = []
    const hook = (name: string, first?: boolean) => ({ name, setup: (tr: Tracker) => void tr.on('event', () => void order.push(name), first) })
    setup({ plugins: [hook('a'), hook('b'), hook('early', true), hook('c')] }).track('x')
    await tick()
    expect(order).toEqual(['early', 'a', 'b', 'c'])
  })

  it('loses only a broken plugin’s own work, and names it in debug mode', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const broken: Plugin = {
      name: 'broken',
      setup(tr) {
        tr.on('event', () => {
          throw new Error('bug')
        })
      },
    }
    const good: Plugin = { name: 'good', setup: (tr) => void tr.on('event', (ev) => void (ev.context.good = true)) }
    const t = setup({ debug: true, plugins: [broken, good] })
    t.track('x')
    await tick()
    expect(sent[0].context.good).toBe(true)
    expect(error.mock.calls[0][0]).toBe('touchtrail: plugin broken failed in its event hook')
  })

  it('observes accepted page views through the page hook', async () => {
    const seen: string[] = []
    const t = setup({ plugins: [{ name: 'p', setup: (tr) => void tr.on('page', (ev) => void seen.push(ev.messageId)) }] })
    t.page()
    t.track('not_a_page')
    await tick()
    expect(seen).toEqual([sent[0].messageId])
  })

  it('tears down plugins and stops on destroy()', async () => {
    const off = vi.fn()
    const t = setup({ plugins: [{ name: 'p', setup: () => off }] })
    t.track('before')
    t.destroy()
    t.track('after')
    await tick()
    expect(off).toHaveBeenCalledOnce()
    expect(sent.map((e) => e.event)).toEqual(['before'])
  })

  it('never throws into the page, even when the transport does', async () => {
    const t = createTracker({
      endpoint: 'x',
      consent: 'pending',
      transport: () => ({
        send: () => {
          throw new Error('transport bug')
        },
        flush: () => Promise.reject(new Error('flush bug')),
      }),
    })
    expect(() => t.track('x')).not.toThrow()
    // Granting hands the held call to the transport at once: consent() still answers the state.
    expect(t.consent('granted')).toBe('granted')
    expect(() => t.track('y')).not.toThrow()
    await expect(t.flush()).resolves.toBeUndefined()
    expect(() => t.use(null as any)).not.toThrow()
    expect(() => t.use({ name: 'bad', setup: () => { throw new Error('setup bug') } })).not.toThrow()
  })

  it('sends through the fallback transport when none is given or the given one fails to start', async () => {
    const fallback = () => ({ send: (events: TrackerEvent[]) => void sent.push(...events), flush: async () => {} })
    const plain = createTrackerWith({ endpoint: 'x', now: () => time }, fallback)
    const broken = createTrackerWith(
      {
        endpoint: 'x',
        now: () => time,
        transport: () => {
          throw new Error('transport bug')
        },
      },
      fallback,
    )
    plain.track('plain')
    broken.track('broken')
    await Promise.all([plain.flush(), broken.flush()])
    expect(sent.map((e) => e.event)).toEqual(['plain', 'broken'])
  })

  it('bounds the calls held while consent is pending', async () => {
    const t = setup({ consent: 'pending' })
    for (let i = 0; i < 1005; i++) t.track('e' + i)
    t.consent('granted')
    await t.flush()
    expect(sent).toHaveLength(1000)
    expect(sent[0].event).toBe('e5')
  })

  describe('on a page that makes many calls at once', () => {
    // Every read of the clock moves it 1 ms: building one event then "takes" about 1 ms.
    let clock = 0
    beforeEach(() => void vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1)))
    afterEach(() => void vi.restoreAllMocks())

    it('builds them in slices of a few milliseconds, yielding to the page in between, and hands each slice over as it is built', async () => {
      let building = 0
      const sends: number[] = []
      const t = setup({
        transport: () => ({ send: (events) => void (sends.push(events.length), sent.push(...events)), flush: async () => {} }),
        plugins: [{ name: 'count', setup: (tr) => void tr.on('event', () => void building++) }],
      })
      for (let i = 0; i < 100; i++) t.track('e', { i })
      await Promise.resolve()
      // At least 20 at a time, so that a small burst stays one batch on a busy machine.
      expect(building).toBeGreaterThanOrEqual(20)
      expect(building).toBeLessThan(30)
      // The first slice is with the transport before the next one is built.
      expect(sends).toEqual([building])
      await t.flush()
      expect(sends.length).toBeGreaterThan(2)
      expect(sends.slice(0, -1).every((n) => n >= 20 && n < 30)).toBe(true)
      expect(sends.reduce((a, b) => a + b)).toBe(100)
      expect(sent.map((e) => e.properties!.i)).toEqual([...Array(100).keys()])
    })

    it('builds everything at once when the page is hidden, before the transport sends by beacon', async () => {
      let atHide = -1
      const t = setup()
      addEventListener('pagehide', () => (atHide = sent.length), { once: true })
      for (let i = 0; i < 100; i++) t.track('e', { i })
      await Promise.resolve()
      dispatchEvent(new Event('pagehide'))
      expect(atHide).toBe(100)
      t.destroy()
    })

    it('flush() waits for every slice, and resolves at once while consent is pending', async () => {
      const t = setup()
      for (let i = 0; i < 50; i++) t.track('e')
      await t.flush()
      expect(sent).toHaveLength(50)
      t.consent('pending')
      t.track('held')
      await t.flush()
      expect(sent).toHaveLength(50)
    })
  })
})

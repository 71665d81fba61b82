import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, type Plugin, type Tracker, type TrackerEvent, type TrackerOptions } from '@touchtrail/core'
import { cart, DEDUPE_WINDOW_MS } from './cart.js'

const w = window as unknown as Record<string, any>
const T = Date.UTC(2026, 10, 23, 10)
const MIN = 60_000
const jeans = { item_id: 'jeans', item_name: 'Slim jeans', item_variant: '32/32', price: 59.9 }
const belt = { item_id: 'belt', item_name: 'Belt', price: 19.99 }

let sent: TrackerEvent[]
let trackers: Tracker[]

/** A tracker with the cart plugin (and any plugins before it), sending into `sent`; a new one is a new page. */
const page = (options: Partial<TrackerOptions> = {}, before: Plugin[] = []) => {
  const t = createTracker({
    endpoint: 'https://collect.test/collect',
    now: () => Date.now(),
    transport: () => ({ send: (events) => void sent.push(...events), flush: async () => {} }),
    plugins: [...before, cart()],
    ...options,
  })
  trackers.push(t)
  return t
}
/** Let core build what was recorded (a microtask), and what hooks recorded meanwhile. */
const built = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve()
}
const names = () => sent.map((e) => e.event || e.type)
const last = (name: string) => sent.filter((e) => e.event == name).pop()!
/** Time passes as in a browser: what the page recorded is built first, then timers run as due. */
const wait = async (ms: number) => {
  await built()
  vi.advanceTimersByTime(ms)
  await built()
}
/** The next visit: this page goes away (its timers with it) and a new one loads later. */
const leave = (t: Tracker) => {
  t.destroy()
  delete w.dataLayer
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(T)
  sent = []
  trackers = []
})
afterEach(() => {
  trackers.forEach((t) => t.destroy())
  vi.useRealTimers()
  localStorage.clear()
  delete w.dataLayer
})

describe('the cart API', () => {
  it('records add_to_cart with value, currency and items, and updates the cart at once', async () => {
    const t = page()
    t.cart!.add({ ...jeans, quantity: 2 }, { currency: 'EUR' })
    expect(t.cart!.state()).toMatchObject({ items: [{ ...jeans, quantity: 2 }], value: 119.8, currency: 'EUR', lastActivityAt: T })
    t.cart!.add(belt)
    await built()
    expect(names()).toEqual(['add_to_cart', 'add_to_cart'])
    expect(sent[0].properties).toEqual({ currency: 'EUR', value: 119.8, items: [{ ...jeans, quantity: 2 }] })
    expect(sent[1].properties).toEqual({ currency: 'EUR', value: 19.99, items: [belt] })
  })

  it('removes the given quantity with remove_from_cart', async () => {
    const t = page()
    t.cart!.add({ ...jeans, quantity: 3 })
    t.cart!.remove(jeans)
    await built()
    expect(last('remove_from_cart').properties).toMatchObject({ value: 59.9, items: [jeans] })
    expect(t.cart!.state().items).toEqual([{ ...jeans, quantity: 2 }])
  })

  it('removes an item given by id only at its line\'s price, one of it', async () => {
    const t = page()
    t.cart!.add({ ...belt, quantity: 3 }, { currency: 'EUR' })
    t.cart!.remove({ item_id: 'belt' })
    await built()
    expect(last('remove_from_cart').properties).toMatchObject({ currency: 'EUR', value: 19.99, items: [{ ...belt, quantity: 1 }] })
    expect(t.cart!.state()).toMatchObject({ items: [{ ...belt, quantity: 2 }], value: 39.98 })
  })

  it('updates quantities with add_to_cart or remove_from_cart for the difference', async () => {
    const t = page()
    t.cart!.add([{ ...jeans, quantity: 2 }, belt])
    t.cart!.update({ ...jeans, quantity: 5 })
    t.cart!.update({ ...belt, quantity: 0 })
    t.cart!.update({ ...jeans, quantity: 5 })
    await built()
    expect(names()).toEqual(['add_to_cart', 'add_to_cart', 'remove_from_cart'])
    expect(sent[1].properties!.items).toEqual([{ ...jeans, quantity: 3 }])
    expect(sent[2].properties).toMatchObject({ value: 19.99, items: [{ ...belt, quantity: 1 }] })
    expect(t.cart!.state().items).toEqual([{ ...jeans, quantity: 5 }])
  })

  it('clears the cart with one remove_from_cart, and records nothing for an empty cart', async () => {
    const t = page()
    t.cart!.clear()
    t.cart!.add([jeans, belt])
    t.cart!.clear()
    await built()
    expect(names()).toEqual(['add_to_cart', 'remove_from_cart'])
    expect(sent[1].properties).toMatchObject({ value: 79.89, items: [{ ...jeans, quantity: 1 }, { ...belt, quantity: 1 }] })
    expect(t.cart!.state().items).toEqual([])
  })

  it('records the checkout steps with the cart, and keeps the last step', async () => {
    const t = page()
    t.cart!.add(jeans, { currency: 'EUR' })
    t.cart!.checkout()
    t.cart!.checkout('add_shipping_info', { shipping_tier: 'Ground' })
    t.cart!.checkout('add_payment_info', { payment_type: 'Credit Card' })
    await built()
    expect(names()).toEqual(['add_to_cart', 'begin_checkout', 'add_shipping_info', 'add_payment_info'])
    expect(sent[2].properties).toEqual({ currency: 'EUR', value: 59.9, shipping_tier: 'Ground', items: [{ ...jeans, quantity: 1 }] })
    expect(t.cart!.state().step).toBe('add_payment_info')
  })

  it('records a purchase of the cart and empties it', async () => {
    const t = page()
    t.cart!.add([jeans, belt], { currency: 'EUR' })
    t.cart!.purchase({ transaction_id: 'T-1', shipping: 4.9 })
    await built()
    expect(last('purchase').properties).toEqual({
      currency: 'EUR',
      value: 79.89,
      transaction_id: 'T-1',
      shipping: 4.9,
      items: [{ ...jeans, quantity: 1 }, { ...belt, quantity: 1 }],
    })
    expect(t.cart!.state()).toMatchObject({ items: [], value: 0 })
  })

  it("takes the order's own items and value when it has them", async () => {
    const t = page()
    t.cart!.add(jeans)
    t.cart!.purchase({ transaction_id: 'T-2', value: 53.91, items: [{ ...jeans, discount: 5.99 }] })
    await built()
    expect(last('purchase').properties).toMatchObject({ value: 53.91, items: [{ ...jeans, discount: 5.99 }] })
  })

  it('records checkout friction as checkout_error with kind, message, step and the cart', async () => {
    const t = page()
    t.cart!.add(jeans, { currency: 'EUR' })
    t.cart!.checkout()
    t.cart!.error('voucher', 'Code CART10 has expired', { coupon: 'CART10' })
    t.cart!.error('payment', 'Card declined')
    await built()
    expect(last('checkout_error').properties).toEqual({
      currency: 'EUR',
      value: 59.9,
      kind: 'payment',
      message: 'Card declined',
      step: 'begin_checkout',
      items: [{ ...jeans, quantity: 1 }],
    })
    expect(sent.filter((e) => e.event == 'checkout_error')[0].properties).toMatchObject({ kind: 'voucher', coupon: 'CART10' })
  })

  it("ignores params that are not an object, with a warning in debug mode, rather than spread a string's characters into the event", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = page({ debug: true })
    // A currency written as GA4's `currency` field might suggest, and an order id for the order.
    t.cart!.add(jeans, 'EUR' as never)
    t.cart!.checkout(undefined, 'EUR' as never)
    t.cart!.error('payment', 'Card declined', 'EUR' as never)
    t.cart!.purchase('T-1' as never)
    await built()
    const cart = [{ ...jeans, quantity: 1 }]
    expect(names()).toEqual(['add_to_cart', 'begin_checkout', 'checkout_error', 'purchase'])
    expect(sent.map((e) => e.properties)).toEqual([
      { value: 59.9, items: [jeans] },
      { value: 59.9, items: cart },
      { value: 59.9, kind: 'payment', message: 'Card declined', step: 'begin_checkout', items: cart },
      { value: 59.9, items: cart },
    ])
    expect(t.cart!.state()).toEqual({ items: [], value: 0, lastActivityAt: T })
    expect(warn.mock.calls).toEqual([['touchtrail: cart: params must be an object; ignored']])
  })

  it('warns about items without item_id or item_name in debug mode and drops them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = page({ debug: true })
    t.cart!.add([{ price: 3 }, jeans])
    t.cart!.add({ name: 'jeans' } as never)
    t.cart!.add(undefined as never)
    await built()
    expect(names()).toEqual(['add_to_cart'])
    expect(sent[0].properties!.items).toEqual([jeans])
    expect(warn.mock.calls).toEqual([['touchtrail: cart: item without item_id or item_name ignored']])
  })

  it('never throws into the page, whatever it is given', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = page({ debug: true })
    const hostile = { item_id: 'x', get price(): number { throw new Error('boom') } }
    expect(() => t.cart!.add(hostile)).not.toThrow()
    expect(() => t.cart!.purchase(null as never)).not.toThrow()
    expect(() => t.cart!.update(hostile)).not.toThrow()
    expect(() => t.cart!.checkout(undefined, null as never)).not.toThrow()
    t.cart!.add(jeans)
    await built()
    expect(last('add_to_cart').properties!.items).toEqual([jeans])
    expect(error).toHaveBeenCalledWith('touchtrail: cart: add failed', expect.any(Error))
  })

  it('returns a copy of the cart from state()', () => {
    const t = page()
    t.cart!.add(jeans)
    t.cart!.state().items.push(belt)
    expect(t.cart!.state().items).toEqual([{ ...jeans, quantity: 1 }])
  })

  it('keeps the fields GA4 takes of each item, so that the cart can always be stored', async () => {
    const t = page()
    // A framework's reactive proxy (Vue, MobX), a method, a product object that refers to itself, a BigInt.
    const shirt: Record<string, unknown> = { item_id: 'shirt', price: 29.9, on_sale: true, stock: 12n }
    shirt.related = [shirt]
    t.cart!.add([new Proxy({ ...jeans, categories: ['Jeans', 'Men'], label: () => 'Jeans' }, {}), shirt], { currency: 'EUR' })
    // The BigInt is the only id of this one: no item.
    t.cart!.add({ item_id: 7n as unknown as string, price: 1 })
    const cart = [
      { ...jeans, quantity: 1 },
      { item_id: 'shirt', price: 29.9, on_sale: true, quantity: 1 },
    ]
    expect(t.cart!.state()).toMatchObject({ items: cart, value: 89.8 })
    await wait(MIN)
    expect(JSON.parse(localStorage.getItem('tt_cart')!).items).toEqual(cart)
    expect(sent.find((e) => e.event == 'add_to_cart')!.properties!.items).toEqual([jeans, { item_id: 'shirt', price: 29.9, on_sale: true }])
  })
})

describe('the dataLayer', () => {
  it('records what was pushed before the tracker loaded after what the tracker records as it starts', async () => {
    w.dataLayer = [{ event: 'view_item', ecommerce: { items: [jeans] } }]
    const t = page()
    // The snippet's calls, replayed as the script tag starts.
    t.page()
    t.identify('u-42')
    t.cart!.add(belt)
    w.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'T-1', value: 19.99, items: [belt] } })
    await built()
    expect(names()).toEqual(['page', 'identify', 'add_to_cart', 'view_item', 'purchase'])
    expect(sent[0].context.sessionStart).toBe(true)
    expect(last('purchase').userId).toBe('u-42')
    expect(t.cart!.state().items).toEqual([])
  })

  it("keeps the cart API where the page's dataLayer is not an array", async () => {
    w.dataLayer = { pageType: 'product' }
    const t = page()
    t.cart!.add(jeans)
    await built()
    expect(names()).toEqual(['add_to_cart'])
    expect(w.dataLayer).toEqual({ pageType: 'product' })
  })

  it('records GA4 ecommerce events pushed before the tracker loaded, in order, and the ones after', async () => {
    w.dataLayer = [
      { event: 'gtm.js' },
      { ecommerce: null },
      { event: 'view_item', ecommerce: { currency: 'EUR', value: 59.9, items: [jeans] } },
      { ecommerce: null },
      { event: 'add_to_cart', ecommerce: { currency: 'EUR', value: 59.9, items: [jeans] } },
    ]
    const t = page()
    w.dataLayer.push({ ecommerce: null })
    w.dataLayer.push({ event: 'begin_checkout', ecommerce: { currency: 'EUR', value: 59.9, items: [jeans] } })
    await built()
    expect(names()).toEqual(['view_item', 'add_to_cart', 'begin_checkout'])
    expect(sent[1].properties).toEqual({ currency: 'EUR', value: 59.9, items: [jeans] })
    expect(t.cart!.state()).toMatchObject({ items: [{ ...jeans, quantity: 1 }], currency: 'EUR', step: 'begin_checkout' })
  })

  it('never takes the { ecommerce: null } clear for an emptied cart', async () => {
    const t = page()
    w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [jeans] } })
    w.dataLayer.push({ ecommerce: null })
    await built()
    expect(t.cart!.state().items).toHaveLength(1)
    expect(names()).toEqual(['add_to_cart'])
  })

  it('reads gtag() calls', async () => {
    const t = page()
    const gtag = function (..._: unknown[]) {
      // eslint-disable-next-line prefer-rest-params
      w.dataLayer.push(arguments)
    }
    gtag('event', 'add_to_cart', { currency: 'EUR', value: 19.99, items: [belt] })
    gtag('event', 'page_view')
    await built()
    expect(names()).toEqual(['add_to_cart'])
    expect(t.cart!.state().items).toEqual([{ ...belt, quantity: 1 }])
  })

  it('merges one push of 1,000 items into their lines, and takes them off by id', async () => {
    const t = page()
    const items = Array.from({ length: 1000 }, (_, i) => ({ item_id: `sku-${i % 250}`, item_name: `Shirt ${i % 250}`, price: 1.5 }))
    w.dataLayer.push({ event: 'add_to_cart', ecommerce: { currency: 'EUR', items } })
    await built()
    expect(t.cart!.state()).toMatchObject({ value: 1500, currency: 'EUR', items: items.slice(0, 250).map((i) => ({ ...i, quantity: 4 })) })
    // Each at its line's price. Linear, counted rather than timed: Array#join counts the line keys worked
    // out (searching the lines for each item worked out 251,752 here; now a few per item).
    const join = vi.spyOn(Array.prototype, 'join')
    t.cart!.remove(items.slice(0, 500).map(({ item_id }) => ({ item_id })))
    expect(join.mock.calls.length).toBeLessThan(10 * 500)
    join.mockRestore()
    await built()
    expect(last('remove_from_cart').properties).toMatchObject({ value: 750 })
    expect(t.cart!.state()).toMatchObject({ value: 750, items: items.slice(0, 250).map((i) => ({ ...i, quantity: 2 })) })
  })

  it('never throws into dataLayer.push', async () => {
    page()
    const hostile = { event: 'add_to_cart', ecommerce: { items: [{ item_id: 'x', get quantity(): number { throw new Error('boom') } }] } }
    expect(() => w.dataLayer.push(hostile)).not.toThrow()
    expect(w.dataLayer.length).toBe(1)
  })
})

describe('tracked GA4 events', () => {
  it('change the cart like the API does', async () => {
    const t = page()
    t.track('add_to_cart', { currency: 'EUR', items: [{ ...jeans, quantity: 2 }] })
    t.track('remove_from_cart', { items: [jeans] })
    t.track('add_payment_info', { items: [jeans] })
    await built()
    expect(names()).toEqual(['add_to_cart', 'remove_from_cart', 'add_payment_info'])
    expect(t.cart!.state()).toMatchObject({ items: [{ ...jeans, quantity: 1 }], step: 'add_payment_info', currency: 'EUR' })
    expect(sent.every((e) => !('tt_cart' in e.properties!))).toBe(true)
  })
})

describe('one event from two sources', () => {
  const add = { event: 'add_to_cart', ecommerce: { currency: 'EUR', value: 59.9, items: [jeans] } }

  it('records an add sent with the API and pushed to the dataLayer once, in either order', async () => {
    const t = page()
    // The visitor acts in later tasks than the one the tracker started in.
    await built()
    t.cart!.add(jeans, { currency: 'EUR' })
    w.dataLayer.push(add)
    vi.advanceTimersByTime(5000)
    w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [belt] } })
    t.cart!.add(belt)
    await built()
    expect(names()).toEqual(['add_to_cart', 'add_to_cart'])
    expect(t.cart!.state().items.map((i) => i.quantity)).toEqual([1, 1])
  })

  it('records a dataLayer push and a tracked event with the same items once', async () => {
    const t = page()
    // The visitor acts in later tasks than the one the tracker started in.
    await built()
    w.dataLayer.push(add)
    t.track('add_to_cart', { currency: 'EUR', value: 59.9, items: [jeans] })
    t.track('view_item', { items: [belt] })
    w.dataLayer.push({ event: 'view_item', ecommerce: { items: [belt] } })
    await built()
    expect(names()).toEqual(['add_to_cart', 'view_item'])
    expect(t.cart!.state().items).toEqual([{ ...jeans, quantity: 1 }])
  })

  it('still counts a second real add from both sources', async () => {
    const t = page()
    // The visitor acts in later tasks than the one the tracker started in.
    await built()
    for (let i = 0; i < 2; i++) {
      t.cart!.add(jeans)
      w.dataLayer.push(add)
    }
    await built()
    expect(names()).toEqual(['add_to_cart', 'add_to_cart'])
    expect(t.cart!.state().items[0].quantity).toBe(2)
  })

  it('records twins from one source, other items, and twins further apart than the window', async () => {
    const t = page()
    // The visitor acts in later tasks than the one the tracker started in.
    await built()
    t.cart!.add(jeans)
    t.cart!.add(jeans)
    w.dataLayer.push({ event: 'add_to_cart', ecommerce: { items: [{ ...jeans, quantity: 2 }] } })
    vi.advanceTimersByTime(DEDUPE_WINDOW_MS)
    w.dataLayer.push(add)
    await built()
    expect(names()).toEqual(['add_to_cart', 'add_to_cart', 'add_to_cart', 'add_to_cart'])
    expect(t.cart!.state().items[0].quantity).toBe(5)
  })
})

describe('persistence', () => {
  it('keeps the cart across pages and visits', async () => {
    page().cart!.add(jeans, { currency: 'EUR' })
    await built()
    const next = page()
    expect(next.cart!.state()).toMatchObject({ items: [{ ...jeans, quantity: 1 }], currency: 'EUR', lastActivityAt: T })
  })

  it('stores nothing while consent is pending, and keeps the cart once it is granted', async () => {
    const t = page({ consent: 'pending' })
    t.cart!.add(jeans)
    await built()
    expect(Object.keys(localStorage)).toEqual([])
    t.consent('granted')
    await built()
    expect(JSON.parse(localStorage.getItem('tt_cart')!).items).toEqual([{ ...jeans, quantity: 1 }])
    expect(t.cart!.state().items).toHaveLength(1)
  })

  it('finds the stored cart when consent is granted after the page loaded', async () => {
    page().cart!.add(jeans)
    await built()
    const t = page({ consent: 'pending' })
    expect(t.cart!.state().items).toEqual([])
    t.consent('granted')
    await wait(0)
    t.cart!.add(belt)
    expect(t.cart!.state().items.map((i) => i.item_id)).toEqual(['jeans', 'belt'])
  })

  it('forgets the cart when consent is denied and on reset()', async () => {
    const t = page()
    t.cart!.add(jeans)
    await built()
    t.reset()
    expect(t.cart!.state().items).toEqual([])
    t.cart!.add(belt)
    await built()
    t.consent('denied')
    expect(t.cart!.state().items).toEqual([])
    expect(localStorage.getItem('tt_cart')).toBeNull()
  })

  it('takes only valid items from what storage holds, and never throws on the rest', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    localStorage.setItem('tt_cart', JSON.stringify({ items: [null, 7, { item_id: 'belt', price: 19.99, quantity: 2 }], lastActivityAt: T - 45 * MIN }))
    const t = page({ debug: true })
    expect(t.cart!.state().items).toEqual([{ item_id: 'belt', price: 19.99, quantity: 2 }])
    localStorage.setItem('tt_cart', JSON.stringify({ items: 'garbage', value: 'x' }))
    document.dispatchEvent(new Event('visibilitychange'))
    await wait(MIN)
    expect(t.cart!.state().items).toEqual([])
    await built()
    expect(names()).toEqual(['cart_abandoned'])
    expect(error).not.toHaveBeenCalled()
  })

  it('stores the cart once for a burst of changes, as it stands after the last', async () => {
    const t = page()
    t.cart!.add([jeans, belt])
    await built()
    const set = vi.spyOn(localStorage, 'setItem')
    t.cart!.update([{ ...jeans, quantity: 3 }, { ...belt, quantity: 0 }])
    t.cart!.add({ item_id: 'scarf', price: 5 })
    await built()
    expect(set.mock.calls.filter(([key]) => key == 'tt_cart')).toHaveLength(1)
    expect(JSON.parse(localStorage.getItem('tt_cart')!).items).toEqual([{ ...jeans, quantity: 3 }, { item_id: 'scarf', price: 5, quantity: 1 }])
  })

  it('writes nothing for a visitor who never used the cart', async () => {
    const t = page()
    t.page()
    t.track('view_item', { items: [jeans] })
    await built()
    expect(Object.keys(localStorage).sort()).toEqual(['tt_a', 'tt_s'])
  })
})

describe('abandonment', () => {
  it('reports a cart left for 30 minutes once, with items, value, currency, stage, step and last activity', async () => {
    const t = page()
    t.cart!.add(jeans, { currency: 'EUR' })
    t.cart!.checkout()
    await wait(29 * MIN)
    expect(names()).not.toContain('cart_abandoned')
    await wait(2 * MIN)
    await wait(60 * MIN)
    expect(names()).toEqual(['add_to_cart', 'begin_checkout', 'cart_abandoned'])
    expect(last('cart_abandoned').properties).toEqual({
      items: [{ ...jeans, quantity: 1 }],
      value: 59.9,
      currency: 'EUR',
      stage: 'checkout',
      step: 'begin_checkout',
      lastActivityAt: T,
      abandoned: { version: 'jeans,32/32*1', at: T + 30 * MIN },
    })
  })

  it('waits again after any cart activity, and reports each cart version once', async () => {
    const t = page({ plugins: [cart({ abandonAfterMs: 10 * MIN })] })
    t.cart!.add(jeans)
    await wait(8 * MIN)
    w.dataLayer.push({ event: 'view_cart', ecommerce: { items: [jeans] } })
    await wait(8 * MIN)
    expect(names()).not.toContain('cart_abandoned')
    await wait(3 * MIN)
    w.dataLayer.push({ event: 'view_cart', ecommerce: { items: [jeans] } })
    await wait(11 * MIN)
    t.cart!.add(belt)
    await wait(11 * MIN)
    const abandoned = sent.filter((e) => e.event == 'cart_abandoned')
    expect(abandoned.map((e) => (e.properties!.items as unknown[]).length)).toEqual([1, 2])
    expect(abandoned[0].properties).toMatchObject({ stage: 'cart', lastActivityAt: T + 8 * MIN })
  })

  it('reports it when a hidden tab is shown again, even if its timers never ran', async () => {
    const t = page()
    t.cart!.add(jeans)
    await built()
    vi.setSystemTime(T + 45 * MIN)
    document.dispatchEvent(new Event('visibilitychange'))
    await built()
    expect(names()).toEqual(['add_to_cart', 'cart_abandoned'])
    expect(Date.parse(last('cart_abandoned').timestamp)).toBe(T + 45 * MIN)
  })

  it('reports it before the next event when no timer ran meanwhile', async () => {
    const t = page()
    t.cart!.add(jeans)
    await built()
    vi.setSystemTime(T + 45 * MIN)
    t.cart!.add(belt)
    await built()
    expect(names()).toEqual(['add_to_cart', 'cart_abandoned', 'add_to_cart', 'cart_restored'])
    expect(last('cart_abandoned').properties!.items).toEqual([{ ...jeans, quantity: 1 }])
  })

  it('reports on the next visit a cart left while the browser was closed, then its restoration', async () => {
    const first = page()
    first.page()
    first.cart!.add(jeans)
    await built()
    leave(first)
    vi.setSystemTime(T + 24 * 60 * MIN)
    const next = page()
    next.page()
    await built()
    expect(names()).toEqual(['page', 'add_to_cart', 'cart_abandoned', 'page', 'cart_restored'])
    expect(last('cart_abandoned').properties).toMatchObject({ lastActivityAt: T, abandoned: { at: T + 30 * MIN } })
    expect(last('cart_restored').properties).toMatchObject({ items: [{ ...jeans, quantity: 1 }], abandoned: { at: T + 30 * MIN } })
    expect(last('cart_restored').context.sessionId).toBe(T + 24 * 60 * MIN)
  })

  it('is reported by one tab only when several are open', async () => {
    const a = page()
    const b = page()
    a.cart!.add(jeans)
    await wait(31 * MIN)
    expect(sent.filter((e) => e.event == 'cart_abandoned')).toHaveLength(1)
    expect(b.cart!.state().abandoned).toBeDefined()
  })

  it('follows the cart another tab changed, when this tab is shown again', async () => {
    const a = page()
    const b = page()
    a.cart!.add(jeans)
    await built()
    document.dispatchEvent(new Event('visibilitychange'))
    b.cart!.add(belt)
    await built()
    expect(b.cart!.state().items.map((i) => i.item_id)).toEqual(['jeans', 'belt'])
  })
})

describe('restore and recovery', () => {
  /** Stamps every event with a campaign, as `@touchtrail/attribution` (before cart) does. */
  const attribution = (campaign: Record<string, string>): Plugin => ({
    name: 'attribution',
    setup: (t) => void t.on('event', (ev) => void (ev.context.campaign = campaign)),
  })
  const email = { source: 'newsletter', medium: 'email', name: 'cart-reminder' }

  it('records cart_recovered for a purchase after an abandonment, with the time since and the touch', async () => {
    const day1 = page()
    day1.page()
    day1.cart!.add(jeans, { currency: 'EUR' })
    await built()
    leave(day1)
    vi.setSystemTime(T + 24 * 60 * MIN)
    const day2 = page({}, [attribution(email)])
    day2.page()
    await built()
    day2.cart!.checkout()
    await built()
    await wait(5 * MIN)
    day2.cart!.purchase({ transaction_id: 'T-9' })
    await built()
    expect(names()).toEqual(['page', 'add_to_cart', 'cart_abandoned', 'page', 'cart_restored', 'begin_checkout', 'purchase', 'cart_recovered'])
    const recovered = last('cart_recovered')
    expect(recovered.properties).toEqual({
      currency: 'EUR',
      value: 59.9,
      transaction_id: 'T-9',
      items: [{ ...jeans, quantity: 1 }],
      abandonedAt: T + 30 * MIN,
      sinceAbandonedMs: 24 * 60 * MIN + 5 * MIN - 30 * MIN,
    })
    expect(recovered.context.campaign).toEqual(email)
    expect(recovered.context.sessionId).toBe(last('purchase').context.sessionId)
  })

  it('takes a page view or cart activity for the return, not an event the page sends on its own', async () => {
    const t = page()
    t.cart!.add(jeans)
    await wait(31 * MIN)
    t.track('page_vitals', { lcp: 1200 })
    t.track('view_item', { items: [belt] })
    await built()
    expect(names()).toEqual(['add_to_cart', 'cart_abandoned', 'page_vitals', 'view_item'])
    t.page()
    t.page()
    await built()
    expect(names().slice(4)).toEqual(['page', 'page', 'cart_restored'])
  })

  it('recovers a cart bought on a thank-you page that only pushes to the dataLayer', async () => {
    page().cart!.add(jeans)
    await built()
    vi.setSystemTime(T + 2 * 60 * MIN)
    w.dataLayer = [{ event: 'purchase', ecommerce: { transaction_id: 'T-3', value: 59.9, items: [jeans] } }]
    page()
    await built()
    expect(names()).toEqual(['add_to_cart', 'cart_abandoned', 'purchase', 'cart_recovered'])
  })

  it('records no recovery for a purchase without an abandonment, nor twice', async () => {
    const t = page()
    t.cart!.add(jeans)
    t.cart!.purchase({ transaction_id: 'T-1' })
    t.cart!.add(jeans)
    await wait(31 * MIN)
    t.cart!.purchase({ transaction_id: 'T-2' })
    t.cart!.purchase({ transaction_id: 'T-3', items: [belt] })
    await built()
    expect(names().filter((n) => n.startsWith('cart_'))).toEqual(['cart_abandoned', 'cart_recovered'])
  })

  it('records cart_restored only for a return to a cart filled before this session', async () => {
    const t = page()
    t.cart!.add(jeans)
    t.page()
    await built()
    vi.advanceTimersByTime(10 * MIN)
    t.page()
    await built()
    leave(t)
    vi.setSystemTime(T + 20 * MIN)
    page().page()
    await built()
    expect(names()).not.toContain('cart_restored')
    vi.setSystemTime(T + 120 * MIN)
    const back = page()
    back.page()
    await built()
    back.cart!.clear()
    await built()
    vi.setSystemTime(T + 240 * MIN)
    page().page()
    await built()
    expect(names().filter((n) => n == 'cart_restored')).toHaveLength(1)
  })
})

describe('teardown', () => {
  it('removes tracker.cart, the dataLayer wrapper and the timers', async () => {
    const t = page()
    const wrapped = w.dataLayer.push
    t.cart!.add(jeans)
    await built()
    t.destroy()
    expect(t.cart).toBeUndefined()
    expect(w.dataLayer.push).not.toBe(wrapped)
    expect(vi.getTimerCount()).toBe(0)
  })
})

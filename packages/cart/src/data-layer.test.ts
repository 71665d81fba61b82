import { afterEach, describe, expect, it } from 'vitest'
import { ecommerceOf, listenDataLayer } from './data-layer.js'

const w = window as unknown as Record<string, any>
const ecommerce = { currency: 'EUR', value: 59.9, items: [{ item_id: 'jeans', price: 59.9 }] }

// What gtag.js does: it pushes its `arguments` object, not an array.
function gtag(..._args: unknown[]) {
  // eslint-disable-next-line prefer-rest-params
  w.dataLayer.push(arguments)
}

/** A stand-in for GTM's own push wrapper (GTM wraps the existing push and processes each entry). */
const gtmWrap = (layer: any, seen: unknown[]) => {
  const original = layer.push
  layer.push = function (...entries: unknown[]) {
    const n = original.apply(layer, entries)
    seen.push(...entries)
    return n
  }
}

afterEach(() => {
  delete w.dataLayer
  delete w.shopLayer
})

describe('ecommerceOf', () => {
  it("reads GTM's ecommerce objects", () => {
    expect(ecommerceOf({ event: 'add_to_cart', ecommerce })).toEqual(['add_to_cart', ecommerce])
  })

  it("reads gtag's arguments objects that carry items", () => {
    w.dataLayer = []
    gtag('event', 'add_to_cart', ecommerce)
    gtag('event', 'sign_up', { method: 'email' })
    gtag('config', 'G-XXXX')
    gtag('consent', 'update', { analytics_storage: 'granted' })
    expect(w.dataLayer.map(ecommerceOf)).toEqual([['add_to_cart', ecommerce], undefined, undefined, undefined])
  })

  it('takes the { ecommerce: null } clear and other entries as no event', () => {
    for (const entry of [{ ecommerce: null }, { event: 'gtm.js', 'gtm.start': 1 }, { event: 'view_item', ecommerce: 'x' }, { ecommerce }, null, 7, 'add_to_cart', []])
      expect(ecommerceOf(entry)).toBeUndefined()
  })
})

describe('listenDataLayer', () => {
  it('reads the entries pushed before, in order, then each new one', () => {
    w.dataLayer = [{ n: 1 }, { n: 2 }]
    const seen: unknown[] = []
    listenDataLayer('dataLayer', (e) => seen.push(e))
    w.dataLayer.push({ n: 3 }, { n: 4 })
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])
    expect(w.dataLayer).toHaveLength(4)
  })

  it('creates the layer when the page has none, under its own name', () => {
    const seen: unknown[] = []
    listenDataLayer('shopLayer', (e) => seen.push(e))
    expect(w.shopLayer.push({ n: 1 })).toBe(1)
    expect(seen).toEqual([{ n: 1 }])
    expect(w.dataLayer).toBeUndefined()
  })

  it('keeps GTM working whether GTM wrapped push before or after', () => {
    const early: unknown[] = []
    const late: unknown[] = []
    const ours: unknown[] = []
    w.dataLayer = []
    gtmWrap(w.dataLayer, early)
    const off = listenDataLayer('dataLayer', (e) => ours.push(e))
    gtmWrap(w.dataLayer, late)
    expect(w.dataLayer.push({ n: 1 })).toBe(1)
    expect([early, ours, late]).toEqual([[{ n: 1 }], [{ n: 1 }], [{ n: 1 }]])
    // GTM wrapped ours: ours stays in the chain, so GTM's keeps working after our teardown.
    off()
    w.dataLayer.push({ n: 2 })
    expect(early).toEqual([{ n: 1 }, { n: 2 }])
    expect(late).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('restores the original push on teardown when nobody wrapped ours', () => {
    w.dataLayer = []
    const original = w.dataLayer.push
    const off = listenDataLayer('dataLayer', () => {})
    expect(w.dataLayer.push).not.toBe(original)
    off()
    expect(w.dataLayer.push).toBe(original)
  })
})

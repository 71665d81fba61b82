import { afterEach, describe, expect, it } from 'vitest'
import { ecommerceOf } from './data-layer.js'

const w = window as unknown as Record<string, any>
const ecommerce = { currency: 'EUR', value: 59.9, items: [{ item_id: 'jeans', price: 59.9 }] }

// What gtag.js does: it pushes its `arguments` object, not an array.
function gtag(..._args: unknown[]) {
  // eslint-disable-next-line prefer-rest-params
  w.dataLayer.push(arguments)
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

import { describe, expect, it, vi } from 'vitest'
import { CART_EVENTS, emptyCart, itemsOf, quantity, reduce, total, version, type CartItem, type CartState } from './state.js'

const jeans = { item_id: 'jeans', item_name: 'Slim jeans', item_variant: '32/32', price: 59.9 }
const belt = { item_id: 'belt', item_name: 'Belt', price: 19.99 }
const T = Date.UTC(2026, 10, 23, 10)

/** The lines after adding (sign 1) or removing (-1) `items`, worked out the slow and obvious way. */
const model = (lines: CartItem[], items: CartItem[], sign: number) => {
  const out = lines.map((i) => ({ ...i }))
  for (const g of items) {
    let have = out.find((i) => i.item_id == g.item_id && i.item_variant == g.item_variant)
    if (!have) out.push((have = { ...g, quantity: 0 }))
    Object.assign(have, g, { quantity: have.quantity! + sign * (g.quantity ?? 1) })
  }
  return out.filter((i) => i.quantity! > 0)
}

/** Apply events in order, one minute apart. */
const run = (...events: [string, Record<string, unknown>][]) =>
  events.reduce((s, [name, p], i) => reduce(s, name, p, T + i * 60_000), emptyCart())

describe('reduce', () => {
  it('adds lines, merging the same item and variant, with quantity 1 by default', () => {
    const s = run(['add_to_cart', { items: [jeans] }], ['add_to_cart', { items: [{ ...jeans, quantity: 2 }, belt] }])
    expect(s.items).toEqual([
      { ...jeans, quantity: 3 },
      { ...belt, quantity: 1 },
    ])
    expect(s.value).toBe(199.69)
    expect(s.lastActivityAt).toBe(T + 60_000)
  })

  it('keeps another variant of the same item on its own line', () => {
    const s = run(['add_to_cart', { items: [jeans, { ...jeans, item_variant: '34/32' }] }])
    expect(s.items.map((i) => [i.item_variant, i.quantity])).toEqual([
      ['32/32', 1],
      ['34/32', 1],
    ])
  })

  it('removes the given quantity (1 by default) and drops a line at zero', () => {
    const full = run(['add_to_cart', { items: [{ ...jeans, quantity: 3 }, belt] }])
    const less = reduce(full, 'remove_from_cart', { items: [jeans] }, T + 1)
    expect(less.items.map(quantity)).toEqual([2, 1])
    const gone = reduce(less, 'remove_from_cart', { items: [{ ...jeans, quantity: 5 }] }, T + 2)
    expect(gone.items).toEqual([{ ...belt, quantity: 1 }])
    expect(gone.value).toBe(19.99)
  })

  it('ignores a removal of what is not in the cart, but counts it as activity', () => {
    const s = run(['add_to_cart', { items: [belt] }])
    const after = reduce(s, 'remove_from_cart', { items: [jeans] }, T + 5)
    expect(after.items).toEqual(s.items)
    expect(after.lastActivityAt).toBe(T + 5)
  })

  it('ignores items without item_id or item_name', () => {
    const s = run(['add_to_cart', { items: [{ price: 10 }, null, 'jeans', { item_name: 'Scarf', price: 5 }] }])
    expect(s.items).toEqual([{ item_name: 'Scarf', price: 5, quantity: 1 }])
  })

  it('moves to the checkout stage with each step and remembers the last one', () => {
    const s = run(['add_to_cart', { items: [jeans] }], ['begin_checkout', { items: [jeans] }], ['add_shipping_info', {}], ['view_cart', {}])
    expect(s.step).toBe('add_shipping_info')
    expect(s.items).toEqual([{ ...jeans, quantity: 1 }])
    expect(s.lastActivityAt).toBe(T + 3 * 60_000)
  })

  it('learns the currency from the events and keeps it', () => {
    const s = run(['add_to_cart', { items: [belt], currency: 'EUR' }], ['add_to_cart', { items: [jeans] }])
    expect(s.currency).toBe('EUR')
  })

  it('empties the cart on purchase, ending its step and abandonment', () => {
    const checkout: CartState = { ...run(['add_to_cart', { items: [jeans] }], ['begin_checkout', {}]), abandoned: { version: 'x', at: T } }
    const s = reduce(checkout, 'purchase', { transaction_id: 'T-1', items: [jeans] }, T + 9)
    expect(s).toMatchObject({ items: [], value: 0, lastActivityAt: T + 9 })
    expect(s.step).toBeUndefined()
    expect(s.abandoned).toBeUndefined()
  })

  it('ends the step and abandonment when the last line is removed', () => {
    const s: CartState = { ...run(['add_to_cart', { items: [jeans] }], ['begin_checkout', {}]), abandoned: { version: 'x', at: T } }
    const empty = reduce(s, 'remove_from_cart', { items: [jeans] }, T + 9)
    expect(empty.step).toBeUndefined()
    expect(empty.abandoned).toBeUndefined()
  })

  it('keeps an open abandonment while the cart changes', () => {
    const s: CartState = { ...run(['add_to_cart', { items: [jeans] }]), abandoned: { version: 'x', at: T } }
    expect(reduce(s, 'add_to_cart', { items: [belt] }, T + 9).abandoned).toEqual({ version: 'x', at: T })
  })

  it('merges the 1,000 items of one event into their lines as it does a few', () => {
    // 300 lines (150 ids in two variants), each given three or four times, with a name that changes.
    const items = Array.from({ length: 1000 }, (_, i) => ({
      item_id: `sku-${i % 150}`,
      item_variant: i % 300 < 150 ? 'S' : 'M',
      item_name: `Shirt ${i}`,
      price: 2,
      quantity: 1 + (i % 3),
    }))
    const before = run(['add_to_cart', { items: [belt, { item_id: 'sku-7', item_variant: 'M', price: 2, quantity: 5 }] }])
    // Linear, counted rather than timed: a line key is an array joined to a string, so Array#join counts
    // the keys worked out. Searching the lines for each item worked out 282,602 here; a lookup, one per item.
    const join = vi.spyOn(Array.prototype, 'join')
    const full = reduce(before, 'add_to_cart', { items }, T + 1)
    expect(join.mock.calls.length).toBeLessThan(3 * items.length)
    join.mockRestore()
    expect(full.items).toEqual(model(before.items, items, 1))
    expect(full.items).toHaveLength(301)
    expect(full.items[2]).toEqual({ item_id: 'sku-0', item_variant: 'S', item_name: 'Shirt 900', price: 2, quantity: 4 })
    expect(full.value).toBe(4027.99)
    // One of each item off again, by id and variant only: a third of the lines go.
    const off = items.map(({ item_id, item_variant }) => ({ item_id, item_variant }))
    const less = reduce(full, 'remove_from_cart', { items: off }, T + 2)
    expect(less.items).toEqual(model(full.items, off, -1))
    expect(less.items).toHaveLength(201)
  })

  it('changes the first of two equal lines a stored cart may hold', () => {
    const s: CartState = { ...emptyCart(), items: [{ ...belt, quantity: 1 }, { ...belt, quantity: 2 }] }
    expect(reduce(s, 'add_to_cart', { items: [belt] }, T).items.map(quantity)).toEqual([2, 2])
    expect(reduce(s, 'remove_from_cart', { items: [belt] }, T).items.map(quantity)).toEqual([2])
  })

  it('does not change the state it is given', () => {
    const s = run(['add_to_cart', { items: [jeans] }])
    const copy = structuredClone(s)
    reduce(s, 'add_to_cart', { items: [jeans] }, T + 1)
    reduce(s, 'purchase', {}, T + 2)
    expect(s).toEqual(copy)
  })
})

describe('cart helpers', () => {
  it('versions the contents: lines and quantities, nothing else', () => {
    const a = [{ ...jeans, quantity: 1 }]
    expect(version(a)).toBe(version([{ ...jeans, price: 1, quantity: 1 }]))
    expect(version(a)).not.toBe(version([{ ...jeans, quantity: 2 }]))
    expect(version(a)).not.toBe(version([{ ...jeans, item_variant: '34/32' }]))
    expect(version([])).toBe('')
  })

  it('totals price × quantity in cents', () => {
    expect(total([{ ...belt, quantity: 3 }])).toBe(59.97)
    expect(total([{ item_id: 'x', price: '2.5' as unknown as number, quantity: 2 }, { item_id: 'free' }])).toBe(5)
  })

  it('reads quantities as GA4 does: 1 when absent, 0 when not a number', () => {
    expect([quantity({}), quantity({ quantity: 4 }), quantity({ quantity: 'x' as unknown as number }), quantity(undefined)]).toEqual([1, 4, 0, 0])
  })

  it('takes one item or a list of items', () => {
    expect(itemsOf(jeans)).toEqual([jeans])
    expect(itemsOf([jeans, {}])).toEqual([jeans])
    expect(itemsOf(undefined)).toEqual([])
  })

  it('counts GA4 cart and checkout events as cart activity, and nothing else', () => {
    const yes = ['add_to_cart', 'remove_from_cart', 'view_cart', 'begin_checkout', 'add_shipping_info', 'add_payment_info', 'purchase', 'checkout_error']
    const no = ['view_item', 'select_item', 'view_item_list', 'page_view', 'cart_abandoned', 'cart_restored', 'cart_recovered', 'refund', 'purchases']
    expect(yes.filter((n) => CART_EVENTS.test(n))).toEqual(yes)
    expect(no.filter((n) => CART_EVENTS.test(n))).toEqual([])
  })
})

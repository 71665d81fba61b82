import { describe, expectTypeOf, it } from 'vitest'
import type { Plugin, Tracker } from '@touchtrail/core'
import { cart, type CartApi, type CartItem, type CartOptions, type CartState } from './index.js'

// Checked by `tsc` (the @ts-expect-error lines fail the type check if they ever compile).
describe('public types', () => {
  it('takes one optional options object and returns a plugin', () => {
    expectTypeOf(cart).parameter(0).toEqualTypeOf<CartOptions | undefined>()
    expectTypeOf(cart).returns.toEqualTypeOf<Plugin>()
    // @ts-expect-error: a misspelt option is caught
    cart({ abandonAfter: 60_000 })
    // @ts-expect-error: the wait is in ms, a number
    cart({ abandonAfterMs: '30m' })
  })

  it('puts the cart API on the tracker', () => {
    expectTypeOf<Tracker['cart']>().toEqualTypeOf<CartApi | undefined>()
    expectTypeOf<CartApi['add']>().parameter(0).toEqualTypeOf<CartItem | CartItem[]>()
    expectTypeOf<CartApi['state']>().returns.toEqualTypeOf<CartState>()
    // Type-checked only, never run.
    ;(api: CartApi) => {
      // @ts-expect-error: only GA4's checkout steps
      api.checkout('payment')
      // @ts-expect-error: a price is a number
      api.add({ item_id: 'jeans', price: '59.90' })
    }
  })

  it('describes the cart', () => {
    expectTypeOf<CartState['lastActivityAt']>().toEqualTypeOf<number>()
    expectTypeOf<CartState['abandoned']>().toEqualTypeOf<{ version: string; at: number; restored?: boolean } | undefined>()
  })
})

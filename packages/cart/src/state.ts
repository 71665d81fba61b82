/**
 * One cart line, in GA4's `items` fields
 * (https://developers.google.com/analytics/devguides/collection/ga4/reference/events#add_to_cart).
 * GA4 needs `item_id` or `item_name`; every other field is kept as given.
 */
export interface CartItem {
  /** The product's id (SKU); with `item_variant`, what makes a cart line. */
  item_id?: string
  /** The product's name; the line's key when there is no `item_id`. */
  item_name?: string
  /** Lines with the same id and another variant (size 32 and 34) are separate lines. */
  item_variant?: string
  /** Unit price after discounts, in the cart's currency. */
  price?: number
  /** @default 1 */
  quantity?: number
  [field: string]: unknown
}

/** The cart as it persists (under consent) and as `tracker.cart.state()` returns it. */
export interface CartState {
  /** The cart's lines, in the order they were first added. */
  items: CartItem[]
  /** Sum of price × quantity, rounded to cents. */
  value: number
  /** The currency the last event named. */
  currency?: string
  /**
   * The last checkout step reached (`begin_checkout`, `add_shipping_info`, `add_payment_info`, or
   * the shop's own `…_checkout` / `…_info` event), until the cart is emptied or bought; set means
   * the cart is in the `checkout` stage.
   */
  step?: string
  /** Epoch ms of the last cart or checkout activity (0: none); also in the events, as epoch ms. */
  lastActivityAt: number
  /**
   * The open abandonment: the cart version it was reported for, when it began (epoch ms), and
   * whether the visitor came back to it since (`cart_restored`).
   */
  abandoned?: { version: string; at: number; restored?: boolean }
}

/** GA4 ecommerce event parameters (`value`, `coupon`, `payment_type`, …); the transitions read these two. */
export interface CartParams {
  /** The event's items (GA4's `items`); invalid ones are ignored. */
  items?: unknown
  /** ISO 4217 code, e.g. `EUR`; the cart keeps the last one given. @default the cart's currency */
  currency?: unknown
  [param: string]: unknown
}

/** GA4's checkout steps (`begin_checkout`, `add_shipping_info`, `add_payment_info`) and the shop's own `…_checkout` / `…_info` events. */
export const CHECKOUT = /checkout$|_info$/

/**
 * Events that change the cart or count as cart or checkout activity: GA4's `add_to_cart`,
 * `remove_from_cart`, `view_cart`, the checkout steps and `purchase`, touchtrail's `checkout_error`,
 * and the shop's own events named like them (`…_cart`, `…checkout…`, `…_info`).
 */
export const CART_EVENTS = /_cart$|checkout|_info$|^purchase$/

/** A cart with nothing in it. */
export const emptyCart = (): CartState => ({ items: [], value: 0, lastActivityAt: 0 })

/** Whether GA4 would take this as an item. */
export const isItem = (i: unknown): i is CartItem => ((i as CartItem)?.item_id ?? (i as CartItem)?.item_name) != null

/**
 * The valid items among `items` (an array, or one item), each with the fields GA4 takes: strings, numbers
 * and booleans. Objects, functions and bigints are left out: a product object that refers to itself, or
 * a BigInt id, would make the cart impossible to store.
 */
export const itemsOf = (items: unknown): CartItem[] =>
  [items || []]
    .flat()
    .map((i) => Object.fromEntries(Object.entries(i || {}).filter(([, v]) => /^(st|n|bo)/.test(typeof v))))
    .filter(isItem)

/** An item's line key: id or name, and variant. */
export const line = (i: CartItem) => [i.item_id ?? i.item_name, i.item_variant] + ''

/** The item's quantity: 1 when absent, 0 when not a number. */
export const quantity = (i?: CartItem) => (i ? +(i.quantity ?? 1) || 0 : 0)

/**
 * The cart's lines by key (same id or name, same variant), for many items: one lookup each, where a
 * search each made 1,000 items quadratic. The first of equal lines (a stored cart may hold some) wins,
 * as a search finds it. A key always holds a comma, so none is a name `Object.prototype` has. Not
 * Object.fromEntries: smaller, but 2.5 times slower, and reduce() builds one for every event.
 */
export const lines = (items: CartItem[]) => items.reduce((at: Record<string, CartItem>, i) => ((at[line(i)] ||= i), at), {})

/** Σ price × quantity, rounded to cents (GA4's `value`). */
export const total = (items: CartItem[]) => Math.round(items.reduce((v, i) => v + (+i.price! || 0) * quantity(i), 0) * 100) / 100

/** The cart version: changes when the contents (lines and quantities, in order) change. */
export const version = (items: CartItem[]) => items.map((i) => line(i) + '*' + quantity(i)).join()

/**
 * The cart after a GA4 ecommerce event at time `t`: `add_to_cart` and `remove_from_cart` change
 * quantities (GA4's default quantity is 1), keeping each line's first position; a checkout step is
 * kept as `step` (the `checkout` stage); `purchase` empties the cart. Each of `CART_EVENTS` is
 * activity. An emptied cart ends its step and its abandonment. Pure: `s` is not changed.
 */
export function reduce(s: CartState, name: string, p: CartParams, t: number): CartState {
  const sign = name == 'add_to_cart' ? 1 : name == 'remove_from_cart' ? -1 : 0
  let items = name == 'purchase' ? [] : s.items.map((i) => ({ ...i }))
  const at = lines(items)
  for (const g of sign ? itemsOf(p.items) : []) {
    const have = (at[line(g)] ||= items[items.push({ ...g, quantity: 0 }) - 1])
    Object.assign(have, g, { quantity: quantity(have) + sign * quantity(g) })
  }
  items = items.filter((i) => quantity(i) > 0)
  const next: CartState = { ...s, items, value: total(items), lastActivityAt: t, currency: (p.currency as string) || s.currency }
  if (CHECKOUT.test(name)) next.step = name
  if (!items.length) next.step = next.abandoned = undefined
  return next
}

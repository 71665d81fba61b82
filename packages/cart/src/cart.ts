import { guard, listenDataLayer, type Plugin, type TrackerEvent } from '@touchtrail/core'
import { abandonedVersion, watchAbandonment } from './abandon.js'
import { ecommerceOf } from './data-layer.js'
import { CART_EVENTS, itemsOf, line, lines, quantity, reduce, total, version, type CartItem, type CartParams, type CartState } from './state.js'

/** Options of {@link cart}. */
export interface CartOptions {
  /** A cart with items and no cart or checkout activity for this long is abandoned. @default 1800000 (30 min) */
  abandonAfterMs?: number
}

/** `tracker.cart`: the cart API. Each method records the GA4 event named beside it, with `value`, `currency` and `items`. No method throws. */
export interface CartApi {
  /** `add_to_cart`. `params` are more GA4 parameters (`{ currency: 'EUR', coupon }`); a bare string is ignored. */
  add(items: CartItem | CartItem[], params?: CartParams): void
  /** `remove_from_cart`: takes `quantity` off each line (1 when absent, as in GA4; `update` with 0 removes a line). */
  remove(items: CartItem | CartItem[], params?: CartParams): void
  /** Set the lines' quantities (0 removes): `add_to_cart` / `remove_from_cart` for the difference. */
  update(items: CartItem | CartItem[], params?: CartParams): void
  /** Empty the cart: `remove_from_cart` with every line. */
  clear(): void
  /** A checkout step, recorded under its GA4 name: `begin_checkout` (the default), `add_shipping_info` or `add_payment_info`. */
  checkout(step?: 'begin_checkout' | 'add_shipping_info' | 'add_payment_info', params?: CartParams): void
  /** `purchase`; `items` and `value` default to the cart's. The cart is emptied. */
  purchase(order?: CartParams & { transaction_id?: string }): void
  /** `checkout_error`: checkout friction the shop saw, e.g. `error('voucher', 'Code expired')` or `error('payment', 'Card declined')`. */
  error(kind: string, message?: string, params?: CartParams): void
  /** A copy of the cart as it stands, as JSON keeps it (and storage holds it): functions are left out, proxies read. */
  state(): CartState
}

declare module '@touchtrail/core' {
  interface Tracker {
    /** Set by the {@link cart} plugin. */
    cart?: CartApi
  }
}

type Source = 'api' | 'dataLayer' | 'track'

/**
 * Marks the events this plugin records, which it applied to the cart already: its event hook
 * removes the mark and takes every other `track()` as the shop's own.
 */
const OWN = 'tt_cart'

/** The same event (name and items) from two sources (API, dataLayer, `track()`) within this many ms is recorded once. */
export const DEDUPE_WINDOW_MS = 2000

/**
 * Cart state from the cart API, GA4 ecommerce events in `dataLayer` and tracked GA4 events, each
 * recorded once; `cart_abandoned`, `cart_restored`, `cart_recovered` and `checkout_error`. The cart
 * persists in `tracker.store` (so under consent). The touch that brought the visitor back is the
 * `context.campaign` / `context.touchpoint` an attribution plugin puts on `cart_recovered`.
 *
 * @example
 * const tracker = createTracker({ endpoint, plugins: [attribution(), cart()] })
 * tracker.cart!.add({ item_id: 'jeans', item_name: 'Jeans', item_variant: '32/32', price: 59.9 }, { currency: 'EUR' })
 */
export function cart({ abandonAfterMs = 1_800_000 }: CartOptions = {}): Plugin {
  return {
    name: 'cart',
    setup(tracker) {
      // Set by refresh() below, before anything reads it.
      let state!: CartState
      /** The last event per name + items: [source, time], for pairing twins from two sources. */
      const recent = new Map<string, [Source, number]>()

      const emit = (event: string, props: object) => tracker.track(event, { ...props, [OWN]: 1 })
      /** The cart as cart_abandoned and cart_restored carry it (`abandoned`: the open abandonment). */
      const summary = () => ({ ...state, stage: state.step ? 'checkout' : 'cart' })
      // Nothing is written for a visitor who never used the cart (nor after reset()).
      const persist = () => state.lastActivityAt && tracker.store.set('cart', state)
      /** Whether a microtask will store the cart. */
      let queued = 0
      /** Report the cart as abandoned if it is by `t`. */
      const check = (t = tracker.now()) => {
        const v = abandonedVersion(state, t, abandonAfterMs)
        if (!v) return
        state = { ...state, abandoned: { version: v, at: state.lastActivityAt + abandonAfterMs } }
        emit('cart_abandoned', summary())
        // At once, not in a microtask: another tab must see that this version is reported.
        persist()
      }
      /**
       * Read the cart again (a new visit, another tab, consent granted, reset) and check it. Called
       * from tasks (reset: right after core cleared the store), so that this page's own latest change,
       * stored in a microtask, is never read over.
       */
      const refresh = () => {
        const stored = tracker.store.get<CartState>('cart')
        // What storage holds is data from outside this page: only valid items are taken.
        state = { value: 0, lastActivityAt: 0, ...stored, items: itemsOf(stored?.items) }
        check()
      }
      /**
       * Record each event once: an event whose twin (same name and items) came last from another
       * source within the window is dropped, and the pair is done, so that a real second add (both
       * sources again) still counts once. Then apply it; API and dataLayer events are recorded here,
       * the shop's tracked ones are being built already. A purchase after an abandonment recovers it.
       */
      const accept = (source: Source, name: string, p: CartParams, t = tracker.now()) => {
        const key = name + version(itemsOf(p.items))
        const last = recent.get(key)
        if (last?.[0] != source && t - last?.[1]! < DEDUPE_WINDOW_MS) return void recent.delete(key)
        recent.set(key, [source, t])
        // An abandonment that a throttled timer has not reported yet comes first.
        check(t)
        if (source != 'track') emit(name, p)
        if (CART_EVENTS.test(name)) {
          const a = state.abandoned
          state = reduce(state, name, p, t)
          // Storage and serialisation stay off the caller's path, in a microtask: one for a burst of
          // events (update() of many lines), which stored the same cart once per event.
          queued++ || queueMicrotask(() => ((queued = 0), persist()))
          if (name == 'purchase' && a) emit('cart_recovered', { ...p, abandonedAt: a.at, sinceAbandonedMs: t - a.at })
        }
        return true
      }

      const onEvent = (ev: TrackerEvent) => {
        const p = ev.properties || {}
        // Page views and identify calls pass too: they never pair with a cart event.
        if (p[OWN]) delete p[OWN]
        else if (!accept('track', ev.event!, p, Date.parse(ev.timestamp))) return false
        // The visitor's first page view, identify or cart activity after the abandonment is their
        // return to the cart; not what a page sends on its own, such as web vitals as a tab closes.
        // (Only page views and identify calls have no event name.)
        const a = state.abandoned
        if (a && !a.restored && CART_EVENTS.test(ev.event ?? '_cart')) {
          a.restored = true
          emit('cart_restored', summary())
          persist()
        }
      }

      const send = (name: string, items: CartItem[], params?: CartParams, own?: object) => {
        // GA4 parameters are an object: a bare `add(item, 'EUR')` (or a purchase's id) would spread its
        // characters into the event, and no one meaning of a string fits every method.
        if (typeof params == 'string') params = void tracker.log.warn('cart: params must be an object; ignored')
        // add_to_cart and remove_from_cart need items; the checkout events may carry an empty cart.
        if (items.length || !/cart$/.test(name)) accept('api', name, { currency: state.currency, value: total(items), ...own, ...params, items })
      }
      const list = (items: unknown) => {
        const ok = itemsOf(items)
        if (ok.length < [items].flat().length) tracker.log.warn('cart: item without item_id or item_name ignored')
        return ok
      }
      const api: CartApi = {
        add: (items, params) => send('add_to_cart', list(items), params),
        // An item given by id only is removed at its line's price (one of it, unless it says how many).
        remove(items, params) {
          const at = lines(state.items)
          send('remove_from_cart', list(items).map((i) => ({ ...at[line(i)], quantity: 1, ...i })), params)
        },
        update(items, params) {
          for (const i of list(items)) {
            // A search, not lines(): each change makes a new cart (a line may be given twice), and one
            // search costs less than an index.
            const have = state.items.find((l) => line(l) == line(i))
            const d = quantity(i) - quantity(have)
            if (d) send(d > 0 ? 'add_to_cart' : 'remove_from_cart', [{ ...have, ...i, quantity: d < 0 ? -d : d }], params)
          }
        },
        clear() {
          send('remove_from_cart', state.items)
        },
        checkout(step = 'begin_checkout', params) {
          send(step, state.items, params)
        },
        purchase(order) {
          send('purchase', order?.items ? list(order.items) : state.items, order)
        },
        error(kind, message, params) {
          send('checkout_error', state.items, params, { kind, message, step: state.step })
        },
        state: () => JSON.parse(JSON.stringify(state)),
      }
      // The host page comes first: no cart method, and no dataLayer.push through us, throws.
      for (const name in api) (api as any)[name] = guard(tracker.log, 'cart: ' + name, (api as any)[name])

      // The next visit: a cart abandoned while the browser was closed is reported now.
      refresh()
      const fromDataLayer = guard(tracker.log, 'cart: dataLayer', (entry) => {
        const e = ecommerceOf(entry)
        if (e) accept('dataLayer', ...e)
      })
      // What the page pushed before the tracker loaded (and pushes before this task ends) comes after
      // what the tracker records as it starts, the page view and the snippet's calls, in a microtask:
      // a product view pushed early must not start the session ahead of the page view.
      let early = true
      queueMicrotask(() => (early = false))
      const offs = [
        tracker.on('event', onEvent),
        tracker.on('consent', () => setTimeout(refresh)),
        tracker.on('reset', refresh),
        watchAbandonment(refresh),
        listenDataLayer('dataLayer', (entry) => (early ? queueMicrotask(() => fromDataLayer(entry)) : fromDataLayer(entry))),
      ]
      tracker.cart = api
      return () => {
        offs.forEach((off) => off())
        delete tracker.cart
      }
    },
  }
}

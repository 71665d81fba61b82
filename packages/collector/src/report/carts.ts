import { amountOf, numberOf } from './event.js'
import type { Session } from './sessions.js'

/** Abandoned and recovered carts. */
export interface CartReport {
  /**
   * Carts abandoned in the period, once each: reported by the browser (`cart_abandoned`), or {@link inferred} from
   * the cart events of a visitor who closed the tab and has not come back.
   */
  abandoned: number
  /**
   * Of those, the carts no browser could report: items in the cart, no purchase, and no event of the visitor from
   * 30 minutes after the last cart activity to the end of the period. The browser reports an abandonment from an
   * open tab, or on the visitor's next visit; a tab closed for good reports nothing.
   */
  inferred: number
  /** Of those, how many a purchase recovered (`cart_recovered`) by the end of the period. */
  recovered: number
  /** `recovered / abandoned`; 0 without abandoned carts. */
  recoveryRate: number
  /** Abandoned carts whose visitor came back (viewed a page after the abandonment), bought or not. */
  restored: number
  /** Σ value of the abandoned carts. */
  abandonedValue: number
  /** Σ value of the purchases that recovered them. */
  recoveredValue: number
  /** Σ value of the abandoned carts not recovered: the value still at stake. */
  atStakeValue: number
  /** Recoveries by the channel of the visit that brought the visitor back. */
  byChannel: { channel: string; recovered: number; value: number }[]
  /** Abandoned carts by the stage they were left in (`cart`, `checkout`). */
  byStage: { stage: string; abandoned: number; value: number }[]
}

/** The browser's `abandonAfterMs` default: a cart without cart or checkout activity this long is abandoned. */
export const ABANDON_AFTER_MS = 1_800_000

/** Cart activity whose `value` is the whole cart's (a checkout step carries the cart's items). */
const WHOLE_CART = /^(view_cart|begin_checkout|add_shipping_info|add_payment_info|checkout_error)$/

/**
 * Carts from `@touchtrail/cart`'s events: a `cart_recovered` carries the `abandonedAt` of the abandonment it ends,
 * which is the `abandoned.at` of that `cart_abandoned`; both belong to one visitor. Recoveries and returns are
 * counted up to the end of the events given (the period's end). A cart whose visitor left for good is inferred
 * from their cart events (see {@link CartReport.inferred}), its value rebuilt from them: adds minus removes, or
 * what the last checkout step said the cart was worth.
 *
 * @param inPeriod whether an event's time lies in the report's period
 * @param end the time up to which a visitor's silence counts: the period's end, or now when that is sooner
 * @example
 * cartReport(sessions, (at) => true).recoveryRate // 0.5
 */
export function cartReport(sessions: readonly Session[], inPeriod: (at: number) => boolean, end = Infinity): CartReport {
  const abandoned = new Map<string, { value: number; stage: string; visitor: string; at: number }>()
  const recoveries = new Map<string, { value: number; channel: string }>()
  /** Per visitor, the time of their last page view. */
  const lastPageView = new Map<string, number>()
  /** Per visitor, the cart as their events left it, and the time of their last event of any kind. */
  const left = new Map<string, { value: number; stage: string; at: number; reported: boolean; seen: number }>()
  // In time order, across a visitor's sessions: the cart is rebuilt event by event.
  const byTime = sessions.flatMap((session) => session.events.map((event) => ({ visitor: session.visitor, channel: session.touch.channel, event })))
  byTime.sort((a, b) => a.event.at - b.event.at)
  for (const { visitor, channel, event } of byTime) {
    const { name, properties: p } = event
    const cart = left.get(visitor) ?? { value: 0, stage: 'cart', at: 0, reported: false, seen: 0 }
    left.set(visitor, cart)
    cart.seen = event.at
    const whole = WHOLE_CART.test(name)
    if (event.type === 'page') {
      lastPageView.set(visitor, event.at)
    } else if (name === 'cart_abandoned') {
      cart.reported = true
      const at = numberOf((p.abandoned as Record<string, unknown> | undefined)?.at) ?? event.at
      const key = `${visitor}|${at}`
      if (inPeriod(event.at) && !abandoned.has(key)) {
        abandoned.set(key, { value: amountOf(p.value) ?? 0, stage: typeof p.stage === 'string' ? p.stage : 'cart', visitor, at })
      }
    } else if (name === 'cart_recovered') {
      const at = numberOf(p.abandonedAt)
      if (at !== undefined) recoveries.set(`${visitor}|${at}`, { value: amountOf(p.value) ?? 0, channel })
    } else if (name === 'purchase') {
      Object.assign(cart, { value: 0, stage: 'cart', reported: false })
    } else if (whole || name === 'add_to_cart' || name === 'remove_from_cart') {
      const amount = amountOf(p.value) ?? 0
      cart.value = whole ? amount : Math.max(0, cart.value + (name === 'add_to_cart' ? amount : -amount))
      if (whole && name !== 'view_cart') cart.stage = 'checkout'
      else if (name === 'add_to_cart') cart.stage = 'cart'
      cart.at = event.at
      cart.reported = false
    }
  }
  let inferred = 0
  for (const [visitor, cart] of left) {
    const at = cart.at + ABANDON_AFTER_MS
    if (cart.value > 0 && !cart.reported && cart.seen < at && at <= end && inPeriod(at)) {
      abandoned.set(`${visitor}|inferred`, { value: cart.value, stage: cart.stage, visitor, at })
      inferred++
    }
  }
  const report: CartReport = {
    abandoned: abandoned.size,
    inferred,
    recovered: 0,
    recoveryRate: 0,
    // Not from `cart_restored`: the plugin sends it for the first event after the abandonment, which can be the
    // vitals report of a tab being closed; a page view after the abandonment is the visitor's own doing.
    restored: [...abandoned.values()].filter((a) => (lastPageView.get(a.visitor) ?? -Infinity) > a.at).length,
    abandonedValue: 0,
    recoveredValue: 0,
    atStakeValue: 0,
    byChannel: [],
    byStage: [],
  }
  const channels = new Map<string, { channel: string; recovered: number; value: number }>()
  const stages = new Map<string, { stage: string; abandoned: number; value: number }>()
  for (const [key, cart] of abandoned) {
    report.abandonedValue += cart.value
    const stage = stages.get(cart.stage) ?? { stage: cart.stage, abandoned: 0, value: 0 }
    stage.abandoned++
    stage.value += cart.value
    stages.set(cart.stage, stage)
    const recovery = recoveries.get(key)
    if (!recovery) {
      report.atStakeValue += cart.value
      continue
    }
    report.recovered++
    report.recoveredValue += recovery.value
    const row = channels.get(recovery.channel) ?? { channel: recovery.channel, recovered: 0, value: 0 }
    row.recovered++
    row.value += recovery.value
    channels.set(recovery.channel, row)
  }
  report.recoveryRate = report.abandoned ? report.recovered / report.abandoned : 0
  report.byChannel = [...channels.values()].sort((a, b) => b.recovered - a.recovered || b.value - a.value)
  report.byStage = [...stages.values()].sort((a, b) => b.abandoned - a.abandoned || b.value - a.value)
  return report
}

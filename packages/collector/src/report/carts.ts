import { amountOf, numberOf } from './event.js'
import type { Session } from './sessions.js'

/** Abandoned and recovered carts. */
export interface CartReport {
  /** Carts reported abandoned (`cart_abandoned`) in the period, once each. */
  abandoned: number
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

/**
 * Carts from `@touchtrail/cart`'s events: a `cart_recovered` carries the `abandonedAt` of the abandonment it ends,
 * which is the `abandoned.at` of that `cart_abandoned`; both belong to one visitor. Recoveries and returns are
 * counted up to the end of the events given (the period's end).
 *
 * @param inPeriod whether an event's time lies in the report's period
 * @example
 * cartReport(sessions, (at) => true).recoveryRate // 0.5
 */
export function cartReport(sessions: readonly Session[], inPeriod: (at: number) => boolean): CartReport {
  const abandoned = new Map<string, { value: number; stage: string; visitor: string; at: number }>()
  const recoveries = new Map<string, { value: number; channel: string }>()
  /** Per visitor, the time of their last page view. */
  const lastPageView = new Map<string, number>()
  for (const session of sessions) {
    for (const event of session.events) {
      const p = event.properties
      if (event.type === 'page') {
        lastPageView.set(session.visitor, Math.max(event.at, lastPageView.get(session.visitor) ?? -Infinity))
      } else if (event.name === 'cart_abandoned' && inPeriod(event.at)) {
        const at = numberOf((p.abandoned as Record<string, unknown> | undefined)?.at) ?? event.at
        const key = `${session.visitor}|${at}`
        if (!abandoned.has(key)) {
          abandoned.set(key, { value: amountOf(p.value) ?? 0, stage: typeof p.stage === 'string' ? p.stage : 'cart', visitor: session.visitor, at })
        }
      } else if (event.name === 'cart_recovered') {
        const at = numberOf(p.abandonedAt)
        if (at !== undefined) recoveries.set(`${session.visitor}|${at}`, { value: amountOf(p.value) ?? 0, channel: session.touch.channel })
      }
    }
  }
  const report: CartReport = {
    abandoned: abandoned.size,
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

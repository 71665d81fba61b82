import { DIRECT } from './touch.js'

/** The attribution models, in the order the report shows them. */
export const MODELS = ['first', 'last', 'last_non_direct', 'linear', 'time_decay', 'position'] as const
/** One of {@link MODELS}. */
export type Model = (typeof MODELS)[number]

/** How the report names each model. */
export const MODEL_LABELS: Record<Model, string> = {
  first: 'First touch',
  last: 'Last touch',
  last_non_direct: 'Last non-direct',
  linear: 'Linear',
  time_decay: 'Time decay',
  position: 'Position based',
}

/** One touch before a conversion: when it happened and through which channel. */
export interface CreditTouch {
  /** Epoch ms of the touch (its session's start). */
  at: number
  channel: string
}

/** Options of {@link creditShares}. */
export interface CreditOptions {
  /** Time decay: a touch this much older than the conversion gets half the weight. @default 7 days, as in GA4 */
  halfLifeMs?: number
}

/** Default half-life of the time-decay model: 7 days (Google Analytics' choice). */
export const DEFAULT_HALF_LIFE_MS = 7 * 86_400_000

/**
 * The share of one conversion each touch gets under a model; the shares add up to 1 (an empty list gets none).
 * Touches are oldest first and all at or before `conversionAt`.
 *
 * - `first`, `last`: all to the first or the last touch.
 * - `last_non_direct`: all to the last touch whose channel is not Direct (GA4's rule); to the last touch when all
 *   are Direct.
 * - `linear`: equal shares.
 * - `time_decay`: weights halving every `halfLifeMs` before the conversion, `2^(-(conversionAt - at) / halfLife)`,
 *   then scaled to add up to 1.
 * - `position`: 40 % to the first, 40 % to the last and 20 % shared by the ones between; with two touches 50 % each,
 *   with one all of it.
 *
 * @example
 * creditShares('position', [{ at: 0, channel: 'Email' }, { at: 1, channel: 'Direct' }, { at: 2, channel: 'Direct' }], 2)
 * // [0.4, 0.2, 0.4]
 */
export function creditShares(model: Model, touches: readonly CreditTouch[], conversionAt: number, options: CreditOptions = {}): number[] {
  const n = touches.length
  const shares = new Array<number>(n).fill(0)
  if (n === 0) return shares
  switch (model) {
    case 'first':
      shares[0] = 1
      break
    case 'last':
      shares[n - 1] = 1
      break
    case 'last_non_direct': {
      let i = n - 1
      while (i > 0 && touches[i].channel === DIRECT) i--
      shares[touches[i].channel === DIRECT ? n - 1 : i] = 1
      break
    }
    case 'linear':
      shares.fill(1 / n)
      break
    case 'time_decay': {
      const halfLife = options.halfLifeMs ?? DEFAULT_HALF_LIFE_MS
      const weights = touches.map((t) => 2 ** (-Math.max(0, conversionAt - t.at) / halfLife))
      const sum = weights.reduce((a, b) => a + b, 0)
      weights.forEach((w, i) => (shares[i] = w / sum))
      break
    }
    case 'position':
      if (n === 1) shares[0] = 1
      else if (n === 2) shares.fill(0.5)
      else {
        shares.fill(0.2 / (n - 2))
        shares[0] = shares[n - 1] = 0.4
      }
      break
  }
  return shares
}

/** A conversion to attribute: its value (undefined: counted, but no revenue) and its touches, oldest first. */
export interface AttributableConversion {
  at: number
  value?: number
  touches: readonly CreditTouch[]
}

/** Conversions and revenue one channel gets under one model; fractional under the shared models. */
export interface Credit {
  conversions: number
  revenue: number
}

/**
 * Credits every conversion to channels under every model: per model, per channel, the sum of the shares of
 * conversions and of their value.
 *
 * @example
 * attribute([{ at, value: 59.9, touches }]).get('linear')?.get('Email') // { conversions: 0.5, revenue: 29.95 }
 */
export function attribute(conversions: readonly AttributableConversion[], options: CreditOptions = {}): Map<Model, Map<string, Credit>> {
  const result = new Map<Model, Map<string, Credit>>(MODELS.map((m) => [m, new Map()]))
  for (const conversion of conversions) {
    for (const model of MODELS) {
      const byChannel = result.get(model)!
      creditShares(model, conversion.touches, conversion.at, options).forEach((share, i) => {
        if (share === 0) return
        const channel = conversion.touches[i].channel
        const credit = byChannel.get(channel) ?? { conversions: 0, revenue: 0 }
        credit.conversions += share
        credit.revenue += share * (conversion.value ?? 0)
        byChannel.set(channel, credit)
      })
    }
  }
  return result
}

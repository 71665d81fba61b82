/** The phases of the customer journey, in order. */
export const PHASES = ['awareness', 'consideration', 'purchase', 'retention', 'advocacy'] as const
/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number]

/** How the report names each phase. */
export const PHASE_LABELS: Record<Phase, string> = {
  awareness: 'Awareness',
  consideration: 'Consideration',
  purchase: 'Purchase',
  retention: 'Retention',
  advocacy: 'Advocacy',
}

/**
 * Which phase each event shows the visitor in: GA4's recommended ecommerce and engagement events and touchtrail's
 * own. `page` is a page view, `identify` a login or sign-up. Events not listed count for no phase.
 */
export const DEFAULT_PHASES: Readonly<Record<string, Phase>> = {
  page: 'awareness',
  qr_scan: 'awareness',
  view_promotion: 'awareness',
  select_promotion: 'awareness',
  search: 'consideration',
  view_item_list: 'consideration',
  select_item: 'consideration',
  view_item: 'consideration',
  add_to_wishlist: 'consideration',
  add_to_cart: 'consideration',
  remove_from_cart: 'consideration',
  view_cart: 'consideration',
  cart_restored: 'consideration',
  begin_checkout: 'purchase',
  add_shipping_info: 'purchase',
  add_payment_info: 'purchase',
  checkout_error: 'purchase',
  purchase: 'purchase',
  cart_recovered: 'purchase',
  identify: 'retention',
  login: 'retention',
  sign_up: 'retention',
  newsletter_signup: 'retention',
  share: 'advocacy',
  refer: 'advocacy',
  write_review: 'advocacy',
  review: 'advocacy',
}

/** Options of {@link phaseOfSession}. */
export interface PhaseOptions {
  /** Event name → phase; merged over {@link DEFAULT_PHASES} (map an event to `null` to make it count for none). */
  phases?: Readonly<Record<string, Phase | null>>
  /** The least phase of a session after the visitor's first purchase: a returning customer is being retained. @default 'retention' */
  repeatCustomerPhase?: Phase | null
}

/**
 * The phase a session reached: the furthest phase of its events by the mapping, at least awareness, and at least
 * `repeatCustomerPhase` for a customer who had bought before the session began. Retention is keeping a customer:
 * for someone who has not bought before, a login or sign-up in a session that reached the purchase phase (a
 * checkout, a first purchase) is part of buying, and the session is `purchase`.
 *
 * @example
 * phaseOfSession(['page', 'view_item', 'add_to_cart'], false) // 'consideration'
 * phaseOfSession(['page', 'identify', 'purchase'], false) // 'purchase'
 */
export function phaseOfSession(eventNames: Iterable<string>, boughtBefore: boolean, options: PhaseOptions = {}): Phase {
  // A Map, since event names are the visitor's: `constructor` or `__proto__` must not find what objects inherit.
  const mapping = new Map([...Object.entries(DEFAULT_PHASES), ...Object.entries(options.phases ?? {})])
  const reached = new Set<Phase>(['awareness'])
  for (const name of eventNames) {
    const phase = mapping.get(name)
    if (phase) reached.add(phase)
  }
  const repeat = options.repeatCustomerPhase === undefined ? 'retention' : options.repeatCustomerPhase
  if (boughtBefore && repeat) reached.add(repeat)
  if (!boughtBefore && reached.has('purchase')) reached.delete('retention')
  return PHASES.filter((phase) => reached.has(phase)).pop()!
}

/**
 * Checks a phase mapping read from a file (`{ "newsletter_signup": "retention" }`) and says what is wrong.
 *
 * @example
 * parsePhaseMapping({ share: 'advocacy' }) // { share: 'advocacy' }
 */
export function parsePhaseMapping(value: unknown): Record<string, Phase | null> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('the phase mapping must be a JSON object of event name → phase')
  }
  // Without a prototype, `"__proto__": "advocacy"` maps an event of that name instead of replacing the prototype.
  const out: Record<string, Phase | null> = Object.create(null)
  for (const [event, phase] of Object.entries(value)) {
    if (phase !== null && !PHASES.includes(phase as Phase)) {
      throw new Error(`phase of "${event}" must be one of ${PHASES.join(', ')} or null, not ${JSON.stringify(phase)}`)
    }
    out[event] = phase as Phase | null
  }
  return out
}

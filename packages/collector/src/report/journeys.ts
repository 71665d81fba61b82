import type { Conversion } from './conversions.js'
import { PHASE_LABELS, phaseOfSession, type Phase, type PhaseOptions } from './phases.js'
import type { Session } from './sessions.js'

/** One step of a path to purchase: a session, by the phase it reached and the channel that brought it. */
export interface JourneyStep {
  phase: Phase
  channel: string
}

/** One distinct path to purchase, with how many purchases took it and their revenue. */
export interface JourneyPath {
  steps: JourneyStep[]
  conversions: number
  revenue: number
}

/** A node of the journey flow: a step at a position of the path (`column`, 0-based), or the purchase itself. */
export interface JourneyNode {
  key: string
  label: string
  column: number
  /** Undefined for the purchase node at the end. */
  phase?: Phase
}

/** A flow between two nodes: how many purchases' paths went this way. */
export interface JourneyLink {
  from: string
  to: string
  flow: number
}

/** Options of {@link journeyMap}. */
export interface JourneyOptions extends PhaseOptions {
  /** Longer paths keep their last this many steps (the first step becomes "…"). @default 6 */
  maxSteps?: number
}

/** The key of the flow's last node. */
export const PURCHASE_NODE = 'purchase'

/**
 * The journey map: every purchase's path (its sessions within the lookback window, each labelled with the phase it
 * reached and its channel), the distinct paths by frequency, and the flow between steps for a Sankey diagram, each
 * path ending in the purchase.
 *
 * @param firstPurchaseAt when a visitor first bought (from every purchase seen), for the repeat-customer phase
 * @example
 * journeyMap(conversions, firstPurchase).paths[0].steps // [{ phase: 'consideration', channel: 'Paid Social' }, …]
 */
export function journeyMap(
  conversions: readonly Conversion[],
  firstPurchaseAt: (visitor: string) => number | undefined,
  options: JourneyOptions = {},
): { paths: JourneyPath[]; nodes: JourneyNode[]; links: JourneyLink[] } {
  const { maxSteps = 6 } = options
  const paths = new Map<string, JourneyPath>()
  const nodes = new Map<string, JourneyNode>()
  const links = new Map<string, JourneyLink>()
  const phaseOf = (session: Session): Phase => {
    const first = firstPurchaseAt(session.visitor)
    return phaseOfSession(
      session.events.map((e) => e.name),
      first !== undefined && first < session.start,
      options,
    )
  }
  for (const conversion of conversions) {
    let steps = conversion.path.map((s) => ({ phase: phaseOf(s), channel: s.touch.channel }))
    const cut = steps.length > maxSteps
    if (cut) steps = steps.slice(-maxSteps)
    const key = (cut ? '…|' : '') + steps.map((s) => `${s.phase}|${s.channel}`).join('>')
    const path = paths.get(key) ?? { steps, conversions: 0, revenue: 0 }
    path.conversions++
    path.revenue += conversion.value ?? 0
    paths.set(key, path)

    const keys = steps.map((step, column) => {
      const nodeKey = `${column}|${step.phase}|${step.channel}`
      if (!nodes.has(nodeKey)) {
        const label = `${cut && column === 0 ? '… ' : ''}${PHASE_LABELS[step.phase]} · ${step.channel}`
        nodes.set(nodeKey, { key: nodeKey, label, column, phase: step.phase })
      }
      return nodeKey
    })
    keys.push(PURCHASE_NODE)
    for (let i = 0; i + 1 < keys.length; i++) {
      const linkKey = `${keys[i]}>${keys[i + 1]}`
      const link = links.get(linkKey) ?? { from: keys[i], to: keys[i + 1], flow: 0 }
      link.flow++
      links.set(linkKey, link)
    }
  }
  if (links.size) {
    const last = Math.max(...[...nodes.values()].map((n) => n.column)) + 1
    nodes.set(PURCHASE_NODE, { key: PURCHASE_NODE, label: 'Purchase', column: last })
  }
  return {
    paths: [...paths.values()].sort((a, b) => b.conversions - a.conversions || b.revenue - a.revenue),
    nodes: [...nodes.values()],
    links: [...links.values()],
  }
}

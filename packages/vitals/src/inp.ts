/** The fields of an Event Timing entry that INP needs. */
export interface EventTimingLike {
  interactionId?: number
  duration: number
  target?: Node | null
}

/** One interaction: its id, its longest event's duration, and what was interacted with. */
export interface Interaction {
  _id: number
  _latency: number
  _target?: Node | null
}

/** How many of the longest interactions are kept: enough for the estimate up to 500 interactions. */
const KEEP = 10

/**
 * Interaction to Next Paint as web-vitals defines it (https://web.dev/articles/inp): an
 * interaction's latency is the longest duration among its events; INP is the longest interaction,
 * skipping one for every 50 interactions on the page (an estimate of the 98th percentile).
 *
 * @example
 * const inp = createInp()
 * inp._add(entry) // for each `event` / `first-input` entry
 * inp._worst(performance.interactionCount)?._latency
 */
export function createInp() {
  const longest: Interaction[] = []
  return {
    _add(e: EventTimingLike) {
      if (!e.interactionId) return
      let i = longest.find((x) => x._id == e.interactionId)
      if (!i) longest.push((i = { _id: e.interactionId, _latency: 0 }))
      if (e.duration > i._latency) i._latency = e.duration
      if (e.target) i._target = e.target
      longest.sort((a, b) => b._latency - a._latency).splice(KEEP)
    },
    /** The interaction INP reports, given how many interactions happened (unknown: the longest). */
    _worst: (count?: number): Interaction | undefined => longest[Math.min(longest.length - 1, ((count || 0) / 50) | 0)],
  }
}

import { version, type CartState } from './state.js'

/** How often a live page looks at the cart (hidden tabs: when the browser lets timers run). */
export const CHECK_EVERY_MS = 60_000

/**
 * The cart's version if it counts as abandoned at `t`: it holds items, saw no cart or checkout
 * activity for `afterMs` (a purchase empties it), and this version was not reported yet.
 */
export const abandonedVersion = (s: CartState, t: number, afterMs: number) => {
  const v = version(s.items)
  if (v && t - s.lastActivityAt >= afterMs && s.abandoned?.version != v) return v
}

/**
 * Call `check` whenever the cart may have become abandoned: every {@link CHECK_EVERY_MS}, and —
 * because browsers throttle timers in hidden tabs (Chrome to once a minute or less,
 * https://developer.chrome.com/blog/timer-throttling-in-chrome-88) and freeze them in the
 * back/forward cache — whenever the tab is hidden or shown again. The next visit and the next event
 * are the caller's checks. Returns the teardown.
 */
export function watchAbandonment(check: () => void): () => void {
  const timer = setInterval(check, CHECK_EVERY_MS)
  document.addEventListener('visibilitychange', check)
  return () => {
    clearInterval(timer)
    document.removeEventListener('visibilitychange', check)
  }
}

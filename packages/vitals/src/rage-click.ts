import type { Wrap } from './wrap.js'

/** Clicks on these count for the control they are in (a click on a button's icon is a click on the button). */
const CONTROL = 'a,button,input,select,textarea,label,[role=button]'

/** A rage-click watcher: `_end()` reports a rage burst still going on (the page is hiding); `_stop()` removes it. */
export interface RageClicks {
  _end(): boolean
  _stop(): void
}

/**
 * Watch for rage clicks: `minClicks` or more clicks on one element within `windowMs`. A burst goes
 * on while clicks on the same element follow each other within `windowMs`; once it ends (a click
 * elsewhere, a quiet `windowMs`, or `_end()`), a rage burst is reported once with its click count.
 * One capturing, passive listener; no work between clicks.
 *
 * @example
 * const rage = watchRageClicks((el, count) => console.log(el, count), wrap, 3, 1000, Date.now)
 */
export function watchRageClicks(
  report: (target: Element, count: number) => void,
  wrap: Wrap,
  minClicks: number,
  windowMs: number,
  now: () => number,
): RageClicks {
  let target: Element | undefined
  let times: number[] = []
  let rage = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const end = () => {
    clearTimeout(timer)
    const was = rage
    if (rage) report(target!, times.length)
    target = undefined
    times = []
    rage = false
    return was
  }

  const click = wrap((e: Event) => {
    const node = e.target as Element | null
    const el = node?.closest?.(CONTROL) || node
    if (!el || el.nodeType != 1) return
    const t = now()
    if (el != target || t - times[times.length - 1] > windowMs) {
      end()
      target = el
    }
    times.push(t)
    if (times.length >= minClicks && t - times[times.length - minClicks] <= windowMs) rage = true
    clearTimeout(timer)
    timer = setTimeout(wrap(end), windowMs)
  })

  addEventListener('click', click, { capture: true, passive: true })
  return {
    _end: end,
    _stop() {
      clearTimeout(timer)
      removeEventListener('click', click, { capture: true })
    },
  }
}

import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds, type MetricRatingThresholds } from 'web-vitals'
import { createCls, type LayoutShiftLike } from './cls.js'
import { createInp, type EventTimingLike } from './inp.js'
import { selector } from './selector.js'

/** web-vitals' ratings. */
export type Rating = 'good' | 'needs-improvement' | 'poor'

/** What `page_vitals` carries about one page view: each metric that could be measured, with its rating. */
export interface VitalsValues {
  /** How the view began, in web-vitals' words: `navigate`, `reload`, `back-forward`, `prerender`, or `soft-navigation` for an SPA route change. */
  navigationType?: string
  /** Largest Contentful Paint in ms (document loads only). */
  lcp?: number
  lcpRating?: Rating
  /** With `attribution`: the LCP element as a short selector. */
  lcpTarget?: string
  /** Interaction to Next Paint in ms (absent without an interaction). */
  inp?: number
  inpRating?: Rating
  /** With `attribution`: the slowest interaction's target as a short selector. */
  inpTarget?: string
  /** Cumulative Layout Shift (unitless). */
  cls?: number
  clsRating?: Rating
  /** First Contentful Paint in ms (document loads only). */
  fcp?: number
  fcpRating?: Rating
  /** Time to First Byte in ms (document loads only). */
  ttfb?: number
  ttfbRating?: Rating
}

/** Rate a value with web-vitals' thresholds: `[good up to, needs improvement up to]`. */
export function rate(value: number, [good, poor]: MetricRatingThresholds): Rating {
  return value > poor ? 'poor' : value > good ? 'needs-improvement' : 'good'
}

/** The measurement behind `vitals()`: observers started lazily, read once per page view. */
export interface Metrics {
  /** Start observing (once); buffered entries from before are picked up. */
  _start(): void
  /** What is measurable for the current view now. */
  _read(): VitalsValues
  /** An SPA navigation: the document-load metrics are done; INP and CLS start over for the new view. */
  _next(): void
  _stop(): void
}

/**
 * Measure LCP, INP, CLS, FCP and TTFB with one PerformanceObserver, to web-vitals' definitions and
 * thresholds (see cls.ts and inp.ts). web-vitals' own `onX` functions cost 2.9 kB brotli for the
 * five metrics, above the plugin's whole 2.5 kB budget; this costs a fraction, and the e2e suite
 * checks that both report the same values on the same page.
 */
export function createMetrics(attribution: boolean): Metrics {
  let cls = createCls()
  let inp = createInp()
  // Every LCP candidate (a handful per page): the one reported is the last before the page was first hidden.
  const lcps: (PerformanceEntry & { element?: Element | null; id?: string })[] = []
  let fcp = -1
  let soft = false
  // CLS is 0 only where layout shifts can be observed (not in Safari or Firefox).
  let shifts = false
  // Interactions before this view began (an SPA view's INP skips one per 50 of its own).
  let before = 0
  let po: PerformanceObserver | undefined
  const count = (): number | undefined => (performance as { interactionCount?: number }).interactionCount

  const handle = (entries: PerformanceEntry[]) => {
    for (const e of entries) {
      const type = e.entryType
      if (type == 'layout-shift') cls._add(e as unknown as LayoutShiftLike)
      else if (type == 'event' || type == 'first-input') inp._add(e as EventTimingLike)
      else if (soft) continue
      else if (type == 'largest-contentful-paint') lcps.push(e)
      else if (e.name == 'first-contentful-paint') fcp = e.startTime
    }
  }

  return {
    _start() {
      if (po || typeof PerformanceObserver != 'function') return
      po = new PerformanceObserver((list) => handle(list.getEntries()))
      const types = PerformanceObserver.supportedEntryTypes || []
      shifts = types.includes('layout-shift')
      for (const type of ['largest-contentful-paint', 'paint', 'layout-shift', 'event', 'first-input'])
        if (types.includes(type))
          // The threshold web-vitals uses: shorter events are never the slowest interaction.
          po.observe({ type, buffered: true, durationThreshold: 40 } as PerformanceObserverInit)
    },
    _read() {
      if (po) handle(po.takeRecords())
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      // Prerendered pages count from activation, as in web-vitals.
      const start = (nav as { activationStart?: number } | undefined)?.activationStart || 0
      // Paints after the page was first hidden (or while it loaded in a background tab) are not the visitor's.
      const hidden = performance.getEntriesByType('visibility-state').find((e) => e.name == 'hidden' && e.startTime >= start)?.startTime ?? Infinity
      const v: VitalsValues & Record<string, unknown> = {
        navigationType: soft ? 'soft-navigation' : start > 0 ? 'prerender' : nav?.type.replace('_', '-'),
      }
      const put = (name: string, value: number | undefined, thresholds: MetricRatingThresholds) => {
        if (value == null || !(value >= 0)) return
        v[name] = name == 'cls' ? Math.round(value * 1e4) / 1e4 : Math.round(value)
        v[name + 'Rating'] = rate(value, thresholds)
      }
      if (!soft) {
        const lcp = lcps.filter((e) => e.startTime < hidden).pop()
        if (lcp) {
          put('lcp', Math.max(lcp.startTime - start, 0), LCPThresholds)
          if (attribution) v.lcpTarget = lcp.element ? selector(lcp.element) : lcp.id ? '#' + lcp.id : undefined
        }
        if (fcp >= 0 && fcp < hidden) put('fcp', Math.max(fcp - start, 0), FCPThresholds)
        if (nav?.responseStart) put('ttfb', Math.max(nav.responseStart - start, 0), TTFBThresholds)
      }
      const worst = inp._worst((count() || 0) - before)
      put('inp', worst?._latency, INPThresholds)
      if (attribution && worst?._target) v.inpTarget = selector(worst._target)
      if (shifts) put('cls', cls._value(), CLSThresholds)
      return v
    },
    _next() {
      if (po) handle(po.takeRecords())
      soft = true
      cls = createCls()
      inp = createInp()
      before = count() || 0
    },
    _stop() {
      po?.disconnect()
    },
  }
}

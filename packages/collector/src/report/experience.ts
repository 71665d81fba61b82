import { numberOf, type ReportEvent } from './event.js'
import type { Session } from './sessions.js'

/** The web vitals `page_vitals` carries (`@touchtrail/vitals`). */
export const METRICS = ['lcp', 'inp', 'cls', 'fcp', 'ttfb'] as const
/** One of {@link METRICS}. */
export type Metric = (typeof METRICS)[number]
/** web-vitals' ratings. */
export type Rating = 'good' | 'needs-improvement' | 'poor'

/**
 * web-vitals' thresholds (web.dev/articles/vitals): at or below the first is good, above the second poor. Times
 * in ms, CLS unitless.
 */
export const THRESHOLDS: Record<Metric, readonly [number, number]> = {
  lcp: [2500, 4000],
  inp: [200, 500],
  cls: [0.1, 0.25],
  fcp: [1800, 3000],
  ttfb: [800, 1800],
}

/** One metric on one page: the 75th percentile (as Core Web Vitals are judged) and the page views per rating. */
export interface MetricSummary {
  p75?: number
  rating?: Rating
  good: number
  needsImprovement: number
  poor: number
}

/** Page experience of one page path. */
export interface PageExperience {
  path: string
  /**
   * Page views measured: their `page_vitals` reports, the sample behind the percentiles. Not every page view: a
   * page left before its report was sent, or a site without the vitals plugin, counts none.
   */
  views: number
  /** Sessions that began on this page. */
  landings: number
  metrics: Record<Metric, MetricSummary>
}

/** Page experience and pain points. */
export interface ExperienceReport {
  /** Pages by landings, then views. */
  pages: PageExperience[]
  checkoutErrors: { kind: string; message: string; count: number; sessions: number }[]
  rageClicks: { path: string; selector: string; bursts: number; clicks: number }[]
  pageErrors: { message: string; source: string; count: number }[]
}

/** The rating of a value by {@link THRESHOLDS}. */
export function rate(metric: Metric, value: number): Rating {
  const [good, poor] = THRESHOLDS[metric]
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor'
}

/**
 * The 75th percentile by nearest rank: the smallest value at least 75 % of the values are at or below, so it is
 * always a measured value (as CrUX reports it, without interpolation).
 *
 * @example
 * p75([100, 200, 300, 400]) // 300
 */
export function p75(values: readonly number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(0.75 * sorted.length) - 1]
}

/**
 * Web vitals per page and landing page, checkout errors, rage clicks and page errors.
 *
 * @param inPeriod whether an event's time lies in the report's period
 * @example
 * experienceReport(sessions, () => true).pages[0].metrics.lcp.p75 // 1180
 */
export function experienceReport(sessions: readonly Session[], inPeriod: (at: number) => boolean = () => true): ExperienceReport {
  const pages = new Map<string, { views: number; landings: number; values: Record<Metric, number[]> }>()
  const page = (path: string) => {
    let p = pages.get(path)
    if (!p) pages.set(path, (p = { views: 0, landings: 0, values: { lcp: [], inp: [], cls: [], fcp: [], ttfb: [] } }))
    return p
  }
  const checkout = new Map<string, { kind: string; message: string; count: number; sessions: Set<Session> }>()
  const rage = new Map<string, { path: string; selector: string; bursts: number; clicks: number }>()
  const errors = new Map<string, { message: string; source: string; count: number }>()
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback)

  for (const session of sessions) {
    if (inPeriod(session.start) && session.landingPath !== undefined) page(session.landingPath).landings++
    for (const event of session.events) {
      if (!inPeriod(event.at)) continue
      const p = event.properties
      if (event.name === 'page_vitals') {
        const entry = page(str(p.path, pathOf(event)))
        entry.views++
        for (const metric of METRICS) {
          const value = numberOf(p[metric])
          if (value !== undefined && value >= 0) entry.values[metric].push(value)
        }
      } else if (event.name === 'checkout_error') {
        const kind = str(p.kind, '(unknown)')
        const message = str(p.message, '')
        const key = `${kind}\u0000${message}`
        const row = checkout.get(key) ?? { kind, message, count: 0, sessions: new Set() }
        row.count++
        row.sessions.add(session)
        checkout.set(key, row)
      } else if (event.name === 'rage_click') {
        const path = pathOf(event)
        const selector = str(p.selector, '(unknown)')
        const key = `${path}\u0000${selector}`
        const row = rage.get(key) ?? { path, selector, bursts: 0, clicks: 0 }
        row.bursts++
        row.clicks += numberOf(p.count) ?? 0
        rage.set(key, row)
      } else if (event.name === 'page_error') {
        const message = str(p.message, '(no message)')
        const source = str(p.source, '')
        const key = `${message}\u0000${source}`
        const row = errors.get(key) ?? { message, source, count: 0 }
        row.count++
        errors.set(key, row)
      }
    }
  }

  const summarise = (metric: Metric, values: number[]): MetricSummary => {
    const summary: MetricSummary = { good: 0, needsImprovement: 0, poor: 0 }
    for (const v of values) {
      const r = rate(metric, v)
      if (r === 'good') summary.good++
      else if (r === 'poor') summary.poor++
      else summary.needsImprovement++
    }
    const p = p75(values)
    if (p !== undefined) {
      summary.p75 = p
      summary.rating = rate(metric, p)
    }
    return summary
  }
  return {
    pages: [...pages]
      .map(([path, p]) => ({
        path,
        views: p.views,
        landings: p.landings,
        metrics: Object.fromEntries(METRICS.map((m) => [m, summarise(m, p.values[m])])) as Record<Metric, MetricSummary>,
      }))
      .sort((a, b) => b.landings - a.landings || b.views - a.views || (a.path < b.path ? -1 : 1)),
    checkoutErrors: [...checkout.values()]
      .map(({ sessions, ...row }) => ({ ...row, sessions: sessions.size }))
      .sort((a, b) => b.count - a.count),
    rageClicks: [...rage.values()].sort((a, b) => b.bursts - a.bursts),
    pageErrors: [...errors.values()].sort((a, b) => b.count - a.count),
  }
}

function pathOf(event: ReportEvent): string {
  return event.path ?? '(unknown)'
}

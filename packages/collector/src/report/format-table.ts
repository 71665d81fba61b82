import type { Report } from './build-report.js'
import type { TrafficRow } from './traffic.js'
import { METRICS } from './experience.js'
import { PHASE_LABELS } from './phases.js'
import { metricValue, units } from './units.js'

type Cell = string | number
const RATING = { good: 'good', 'needs-improvement': 'needs improvement', poor: 'poor' } as const

/**
 * The report as plain-text tables for a terminal: one section per view, numbers right-aligned, money in the
 * report's currency.
 *
 * @example
 * process.stdout.write(formatTable(report))
 */
export function formatTable(report: Report, locale?: string): string {
  const u = units(report.currency, locale)
  const out: string[] = []
  const section = (title: string, lines: string[]) => out.push(`${title}\n${'─'.repeat(title.length)}\n${lines.join('\n')}\n`)
  const { from, to, site } = report.period
  const t = report.totals

  out.push(
    `touchtrail report · ${site ?? 'every site'} · ${from ? from.slice(0, 10) : 'first event'} to ${to ? to.slice(0, 10) : 'last event'} · ${report.currency}\n`,
  )
  section('Overview', [
    table(
      ['Visitors', 'Sessions', 'Engaged', 'Conversions', 'Revenue', 'Conversion rate', 'Average order'],
      [[t.visitors, t.sessions, u.percent(t.engagementRate), t.conversions, u.money(t.revenue), u.percent(t.conversionRate), u.money(t.averageOrderValue)]],
    ),
  ])
  const trafficHeaders = ['Visitors', 'Sessions', 'Engaged', 'Conversions', 'Revenue', 'Conv. rate']
  const trafficCells = (r: TrafficRow) => [r.visitors, r.sessions, u.percent(r.engagementRate), r.conversions, u.money(r.revenue), u.percent(r.conversionRate)]
  section('Channels', [table(['Channel', ...trafficHeaders], report.channels.map((r) => [r.channel, ...trafficCells(r)]))])
  section('Source / medium / campaign', [
    table(['Source / medium', 'Campaign', ...trafficHeaders], report.campaigns.map((r) => [`${r.source} / ${r.medium}`, r.campaign, ...trafficCells(r)])),
  ])
  const models = report.attribution.models
  section(`Attribution: revenue by channel (time decay half-life ${report.settings.halfLifeDays} days, lookback ${report.settings.lookbackDays} days)`, [
    table(['Channel', ...models.map((m) => m.label)], report.attribution.channels.map((c) => [c.channel, ...models.map((m) => u.money(c.credits[m.key].revenue))])),
  ])
  section('Attribution: conversions by channel', [
    table(['Channel', ...models.map((m) => m.label)], report.attribution.channels.map((c) => [c.channel, ...models.map((m) => u.count(c.credits[m.key].conversions))])),
  ])
  section('Journeys: most common paths to purchase', [
    table(
      ['Path (phase · channel of each visit)', 'Purchases', 'Revenue'],
      report.journeys.paths.slice(0, 10).map((p) => [p.steps.map((s) => `${PHASE_LABELS[s.phase]} · ${s.channel}`).join(' → '), p.conversions, u.money(p.revenue)]),
    ),
  ])
  const c = report.carts
  section('Carts', [
    table(
      ['Abandoned', 'Inferred', 'Recovered', 'Recovery rate', 'Came back', 'Abandoned value', 'Recovered value', 'Value at stake'],
      [[c.abandoned, c.inferred, c.recovered, c.abandoned ? u.percent(c.recoveryRate) : '–', c.restored, u.money(c.abandonedValue), u.money(c.recoveredValue), u.money(c.atStakeValue)]],
    ),
    '',
    table(['Recovered through', 'Carts', 'Value'], c.byChannel.map((r) => [r.channel, r.recovered, u.money(r.value)])),
  ])
  section(`QR placements${report.qr.manifest ? '' : ' (no manifest given: codes only)'}`, [
    table(
      ['Code', 'Kind', 'Location', 'Scans', 'Sessions', 'Purchases', 'Revenue'],
      report.qr.placements.map((p) => [p.code, p.kind ?? '–', p.location ?? (p.inManifest ? '–' : 'not in manifest'), p.scans, p.sessions, p.purchases, u.money(p.revenue)]),
    ),
  ])
  section('Page experience: web vitals at the 75th percentile', [
    table(
      ['Page', 'Landings', 'Views measured', ...METRICS.map((m) => m.toUpperCase())],
      report.experience.pages.map((p) => [
        p.path,
        p.landings,
        p.views,
        ...METRICS.map((m) => {
          const s = p.metrics[m]
          return s.p75 === undefined ? '–' : `${metricValue(m, s.p75, u)} (${RATING[s.rating!]})`
        }),
      ]),
    ),
  ])
  const e = report.experience
  section('Pain points', [
    table(['Checkout error', 'Message', 'Count', 'Sessions'], e.checkoutErrors.map((r) => [r.kind, r.message, r.count, r.sessions])),
    '',
    table(['Rage clicks on page', 'Element', 'Bursts', 'Clicks'], e.rageClicks.map((r) => [r.path, r.selector, r.bursts, r.clicks])),
    '',
    table(['Page error', 'Source', 'Count'], e.pageErrors.map((r) => [r.message, r.source, r.count])),
  ])
  if (report.notes.length) section('Notes', report.notes.map((n) => `- ${n}`))
  return out.join('\n')
}

/** A text table: the first column left-aligned, the rest right-aligned; "(none)" for no rows. */
export function table(headers: string[], rows: Cell[][]): string {
  if (!rows.length) return `${headers[0]}: (none)`
  const text = rows.map((r) => r.map(String))
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(headers), ...text.map(line)].join('\n')
}

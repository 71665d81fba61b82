import type { Report } from '../report/build-report.js'
import { METRICS, type Metric } from '../report/experience.js'
import { PHASE_LABELS } from '../report/phases.js'
import type { TrafficRow } from '../report/traffic.js'
import { metricValue, units, type Units } from '../report/units.js'
import type { ChartSpec } from './charts.js'
import { channelColour, PHASE_COLOURS } from './colours.js'

/** What the page needs besides the report. */
export interface PageContext {
  charts: ChartSpec[]
  /** The sites that sent events, for the site picker. */
  sites: string[]
  /** The filter form's current values, as given in the query. */
  query: { from?: string; to?: string; site?: string; halfLife?: string; key?: string }
  /** BCP 47 tag for numbers and dates. @default 'en-GB' */
  locale?: string
}

const RATING_TEXT = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' } as const
const METRIC_NAMES: Record<Metric, string> = { lcp: 'LCP', inp: 'INP', cls: 'CLS', fcp: 'FCP', ttfb: 'TTFB' }

/**
 * The dashboard's HTML: the report's numbers as cards and tables rendered here, and the charts as JSON for the
 * page's script. Every value from the events is escaped.
 *
 * @example
 * reply.type('text/html').send(dashboardPage(report, { charts: dashboardCharts(report), sites, query }))
 */
export function dashboardPage(report: Report, context: PageContext): string {
  const locale = context.locale ?? 'en-GB'
  const u = units(report.currency, locale)
  const t = report.totals
  const c = report.carts
  const hasChart = (id: string) => chartHasData(context.charts.find((s) => s.id === id))
  const chart = (id: string, title: string, tall = false) =>
    `<div class="card"><h3>${esc(title)}</h3>${
      hasChart(id) ? `<div class="chart${tall ? ' tall' : ''}"><canvas id="chart-${id}" role="img" aria-label="${esc(title)}"></canvas></div>` : '<p class="empty">No data in this period.</p>'
    }</div>`
  const swatch = (channel: string) => `<span class="swatch" style="background:${channelColour(channel)}"></span>${esc(channel)}`
  const data = { currency: report.currency, locale, charts: context.charts.filter((s) => chartHasData(s)) }

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>touchtrail · Customer journeys</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/assets/dashboard.css">
</head>
<body>
<header>
  <div>
    <h1>touchtrail <span>Customer journeys</span></h1>
    <div class="period">${esc(periodText(report, locale))}</div>
  </div>
  ${filters(context)}
</header>
<main>
<section id="overview">
  <div class="kpis">
    ${kpi('Visitors', u.count(t.visitors))}
    ${kpi('Sessions', u.count(t.sessions), `${u.percent(t.engagementRate)} engaged`)}
    ${kpi('Purchases', u.count(t.conversions), `${u.percent(t.conversionRate)} of sessions convert`)}
    ${kpi('Revenue', u.money(t.revenue), `${u.money(t.averageOrderValue)} per order`)}
    ${kpi('Carts recovered', `${u.count(c.recovered)} of ${u.count(c.abandoned)}`, `${u.money(c.atStakeValue)} still at stake`)}
  </div>
</section>

<section id="acquisition">
  <h2>Acquisition</h2>
  <p class="lead">Sessions by the channel that brought them, with the purchases made in those sessions.</p>
  <div class="grid">
    ${chart('channels', 'Sessions and revenue by channel')}
    <div class="card"><h3>Channels</h3>${trafficTable(report.channels.map((r) => [swatch(r.channel), r]), 'Channel', u)}</div>
  </div>
  <div class="card" style="margin-top:16px"><h3>Source / medium / campaign</h3>${trafficTable(
    report.campaigns.map((r) => [`${esc(r.source)} / ${esc(r.medium)} <span class="arrow">·</span> ${esc(r.campaign)}`, r]),
    'Source / medium · campaign',
    u,
  )}</div>
</section>

<section id="attribution">
  <h2>Attribution models side by side</h2>
  <p class="lead">Who gets the credit for each purchase: its first visit, its last, the last that was not direct (GA4's rule),
  all alike (linear), the recent ones more (time decay, half-life ${esc(u.count(report.settings.halfLifeDays))} days), or 40 % each to the first
  and last and 20 % to the ones between (position based). Visits up to ${esc(u.count(report.settings.lookbackDays))} days before a purchase count.</p>
  ${chart('models', 'Attributed revenue by channel and model')}
  <div class="card" style="margin-top:16px"><h3>Revenue and purchases per model</h3>${attributionTable(report, u, swatch)}</div>
</section>

<section id="journeys">
  <h2>Journey map</h2>
  <p class="lead">The visits that led to each purchase, left to right: the phase each visit reached and the channel that brought it.</p>
  ${chart('journeys', 'Paths to purchase', true)}
  <div class="card" style="margin-top:16px"><h3>Most common paths</h3>${pathsTable(report, u)}</div>
</section>

<section id="carts">
  <h2>Carts</h2>
  <p class="lead">Carts left with items for 30 minutes, and the ones a later visit turned into a purchase. The browser
  reports an abandoned cart from an open tab or on the visitor's next visit; the cart of a visitor who closed the tab and
  has not come back is inferred here from their cart events.</p>
  <div class="kpis">
    ${kpi('Abandoned', u.count(c.abandoned), `${u.money(c.abandonedValue)} in carts${c.inferred ? `, ${u.count(c.inferred)} inferred` : ''}`)}
    ${kpi('Recovered', u.count(c.recovered), `${u.money(c.recoveredValue)} bought`)}
    ${kpi('Recovery rate', c.abandoned ? u.percent(c.recoveryRate) : '–', c.abandoned ? '' : 'no abandoned carts')}
    ${kpi('Came back to their cart', u.count(c.restored))}
    ${kpi('Value at stake', u.money(c.atStakeValue), 'abandoned, not recovered')}
  </div>
  <div class="grid" style="margin-top:16px">
    ${chart('carts', 'Abandoned cart value')}
    <div class="card"><h3>Recovered through</h3>${table(['Channel', 'Carts', 'Value'], c.byChannel.map((r) => [swatch(r.channel), u.count(r.recovered), u.money(r.value)]))}
    <h3 style="margin-top:16px">Abandoned at</h3>${table(['Stage', 'Carts', 'Value'], c.byStage.map((r) => [esc(r.stage), u.count(r.abandoned), u.money(r.value)]))}</div>
  </div>
</section>

<section id="qr">
  <h2>QR placements</h2>
  <p class="lead">Posters, flyers and booths: scans, the sessions they started and the purchases that followed within the lookback window.${
    report.qr.manifest ? '' : ' Start the collector with <code>--qr-manifest</code> to name each placement.'
  }</p>
  <div class="grid">
    ${chart('qr', 'Scans → sessions → purchases')}
    <div class="card"><h3>Placements</h3>${table(
      ['Code', 'Kind', 'Location', 'Scans', 'Sessions', 'Purchases', 'Revenue'],
      report.qr.placements.map((p) => [esc(p.code), esc(p.kind ?? '–'), esc(p.location ?? (p.inManifest ? '–' : 'not in the manifest')), u.count(p.scans), u.count(p.sessions), u.count(p.purchases), u.money(p.revenue)]),
      [0, 1, 2],
    )}</div>
  </div>
</section>

<section id="experience">
  <h2>Page experience and pain points</h2>
  <p class="lead">Core Web Vitals at the 75th percentile of page views, rated by web-vitals' thresholds; where checkout fails and visitors click in anger.</p>
  <div class="grid">
    <div class="card"><h3>Web vitals per page</h3>${table(
      ['Page', 'Landings', 'Views measured', ...METRICS.map((m) => METRIC_NAMES[m])],
      report.experience.pages.map((p) => [esc(p.path), u.count(p.landings), u.count(p.views), ...METRICS.map((m) => vital(m, p.metrics[m], u))]),
    )}</div>
  </div>
  <div style="margin-top:16px">${chart('vitals', 'Largest Contentful Paint by page')}</div>
  <div class="grid" style="margin-top:16px">
    <div class="card"><h3>Checkout errors</h3>${table(['Kind', 'Message', 'Count', 'Sessions'], report.experience.checkoutErrors.map((r) => [esc(r.kind), esc(r.message), u.count(r.count), u.count(r.sessions)]), [0, 1])}</div>
    <div class="card"><h3>Rage clicks</h3>${table(['Page', 'Element', 'Bursts', 'Clicks'], report.experience.rageClicks.map((r) => [esc(r.path), esc(r.selector), u.count(r.bursts), u.count(r.clicks)]), [0, 1])}
    <h3 style="margin-top:16px">Page errors</h3>${table(['Message', 'Source', 'Count'], report.experience.pageErrors.map((r) => [esc(r.message), esc(r.source), u.count(r.count)]), [0, 1])}</div>
  </div>
</section>
${report.notes.length ? `<section><ul class="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>` : ''}
</main>
<footer>touchtrail reference collector · <a href="api/report${queryString(context.query)}">this report as JSON</a></footer>
<script type="application/json" id="dashboard-data">${json(data)}</script>
<script src="dashboard/assets/chart.umd.min.js"></script>
<script src="dashboard/assets/chartjs-chart-sankey.min.js"></script>
<script src="dashboard/assets/dashboard.js"></script>
</body>
</html>
`
}

/** Whether a chart has something to draw: a non-zero value, or a flow. */
export function chartHasData(spec: ChartSpec | undefined): boolean {
  if (!spec) return false
  return spec.config.data.datasets.some((d) => (d.data as unknown[]).some((v) => (typeof v === 'number' ? v !== 0 : (v as { flow?: number })?.flow)))
}

function periodText(report: Report, locale: string): string {
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
  const { from, to, site, firstEvent, lastEvent } = report.period
  const start = from ?? firstEvent
  // `to` is exclusive: the page says the last day it covers.
  const end = to ? new Date(Date.parse(to) - 1).toISOString() : lastEvent
  const range = start && end ? `${date.format(new Date(start))} – ${date.format(new Date(end))} (UTC)` : 'no events yet'
  return `${site ?? 'All sites'} · ${range} · ${report.currency}`
}

function filters(context: PageContext): string {
  const q = context.query
  const options = ['<option value="">All sites</option>', ...context.sites.map((s) => `<option${s === q.site ? ' selected' : ''}>${esc(s)}</option>`)]
  return `<form class="filters" method="get" action="dashboard">
    <label>From<input type="date" name="from" value="${esc(q.from ?? '')}"></label>
    <label>Before<input type="date" name="to" value="${esc(q.to ?? '')}"></label>
    <label>Site<select name="site">${options.join('')}</select></label>
    <label>Half-life (days)<input type="number" name="halfLife" min="0.1" step="0.1" style="width:6em" value="${esc(q.halfLife ?? '')}" placeholder="7"></label>
    ${q.key ? `<input type="hidden" name="key" value="${esc(q.key)}">` : ''}
    <button type="submit">Apply</button>
  </form>`
}

function kpi(label: string, value: string, sub = ''): string {
  return `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div>${sub ? `<div class="sub">${esc(sub)}</div>` : ''}</div>`
}

/** The engagement rate under the sessions, as the attribution table puts purchases under revenue: the channels card is half wide. */
function trafficTable(rows: [string, TrafficRow][], first: string, u: Units): string {
  return table(
    [first, 'Visitors', 'Sessions', 'Purchases', 'Revenue', 'Conv. rate'],
    rows.map(([label, r]) => [
      label,
      u.count(r.visitors),
      `${u.count(r.sessions)}<br><small>${u.percent(r.engagementRate)} engaged</small>`,
      u.count(r.conversions),
      u.money(r.revenue),
      u.percent(r.conversionRate),
    ]),
  )
}

function attributionTable(report: Report, u: Units, swatch: (channel: string) => string): string {
  const models = report.attribution.models
  return table(
    ['Channel', ...models.map((m) => m.label)],
    report.attribution.channels.map((c) => [
      swatch(c.channel),
      ...models.map((m) => {
        const n = c.credits[m.key].conversions
        return `${u.money(c.credits[m.key].revenue)}<br><small>${u.count(n)} purchase${n === 1 ? '' : 's'}</small>`
      }),
    ]),
  )
}

function pathsTable(report: Report, u: Units): string {
  return table(
    ['Path', 'Purchases', 'Revenue'],
    report.journeys.paths.slice(0, 10).map((p) => [
      p.steps
        .map((s) => `<span class="step" style="background:${PHASE_COLOURS[s.phase]}">${esc(PHASE_LABELS[s.phase])} · ${esc(s.channel)}</span>`)
        .join('<span class="arrow">→</span>'),
      u.count(p.conversions),
      u.money(p.revenue),
    ]),
  )
}

function vital(metric: Metric, summary: Report['experience']['pages'][number]['metrics'][Metric], u: Units): string {
  if (summary.p75 === undefined || !summary.rating) return '–'
  return `<span class="chip ${summary.rating}" title="${RATING_TEXT[summary.rating]}">${esc(metricValue(metric, summary.p75, u))}</span>`
}

/** An HTML table; cells are HTML already (escaped by the caller). Columns in `left` hold text, the others numbers. */
function table(headers: string[], rows: string[][], left: number[] = [0]): string {
  if (!rows.length) return '<p class="empty">None in this period.</p>'
  const cls = (i: number) => (i > 0 && left.includes(i) ? ' class="text"' : '')
  return `<table><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

/** Escapes text for HTML content and attribute values. */
export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)
}

/** JSON safe inside a `<script>` element: no `</script>`, no `<!--`. */
function json(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

function queryString(q: PageContext['query']): string {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1]))
  const s = params.toString()
  return s ? `?${s}` : ''
}

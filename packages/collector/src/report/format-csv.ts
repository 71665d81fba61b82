import type { Report } from './build-report.js'
import { METRICS } from './experience.js'
import { PHASE_LABELS } from './phases.js'
import type { TrafficRow } from './traffic.js'

/**
 * The report as one CSV in long form, `section,key,metric,value`: one number per row, so a spreadsheet's pivot
 * table rebuilds any view (channels × models, placements × funnel step) without parsing several tables.
 *
 * @example
 * formatCsv(report).split('\n')[1] // 'totals,,visitors,4'
 */
export function formatCsv(report: Report): string {
  const rows: (string | number)[][] = [['section', 'key', 'metric', 'value']]
  const add = (section: string, key: string, values: Record<string, number | string | undefined>) => {
    for (const [metric, value] of Object.entries(values)) if (value !== undefined) rows.push([section, key, metric, value])
  }
  add('totals', '', { ...report.totals, currency: report.currency })
  for (const r of report.channels) add('channels', r.channel, pick(r))
  for (const r of report.campaigns) add('campaigns', `${r.source} / ${r.medium} / ${r.campaign}`, pick(r))
  for (const c of report.attribution.channels) {
    for (const m of report.attribution.models) add('attribution', c.channel, { [`${m.key}.conversions`]: c.credits[m.key].conversions, [`${m.key}.revenue`]: c.credits[m.key].revenue })
  }
  for (const p of report.journeys.paths) {
    add('journeys', p.steps.map((s) => `${PHASE_LABELS[s.phase]} · ${s.channel}`).join(' → '), { conversions: p.conversions, revenue: p.revenue })
  }
  const { byChannel, byStage, ...carts } = report.carts
  add('carts', '', carts)
  for (const r of byChannel) add('carts.recovered_by', r.channel, { recovered: r.recovered, value: r.value })
  for (const r of byStage) add('carts.abandoned_at', r.stage, { abandoned: r.abandoned, value: r.value })
  for (const p of report.qr.placements) {
    add('qr', p.code, { kind: p.kind, location: p.location, scans: p.scans, sessions: p.sessions, purchases: p.purchases, revenue: p.revenue })
  }
  for (const p of report.experience.pages) {
    add('experience', p.path, { landings: p.landings, views: p.views })
    for (const m of METRICS) add('experience', p.path, { [`${m}.p75`]: p.metrics[m].p75, [`${m}.rating`]: p.metrics[m].rating })
  }
  for (const r of report.experience.checkoutErrors) add('checkout_errors', `${r.kind}: ${r.message}`, { count: r.count, sessions: r.sessions })
  for (const r of report.experience.rageClicks) add('rage_clicks', `${r.path} ${r.selector}`, { bursts: r.bursts, clicks: r.clicks })
  for (const r of report.experience.pageErrors) add('page_errors', r.source ? `${r.message} (${r.source})` : r.message, { count: r.count })
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}

function pick(r: TrafficRow) {
  return {
    visitors: r.visitors,
    sessions: r.sessions,
    engaged_sessions: r.engagedSessions,
    engagement_rate: r.engagementRate,
    conversions: r.conversions,
    revenue: r.revenue,
    conversion_rate: r.conversionRate,
  }
}

/** RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs it as a formula. */
function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

import type { Report } from '../report/build-report.js'
import { PURCHASE_NODE } from '../report/journeys.js'
import { channelColour, MODEL_COLOURS, PHASE_COLOURS, PURCHASE_COLOUR, RATING_COLOURS } from './colours.js'

/** How a chart's numbers are written in ticks and tooltips. */
export type ChartUnit = 'money' | 'count' | 'ms'

/**
 * One chart of the dashboard: a Chart.js configuration that is plain JSON (the page embeds it), plus what the
 * page's script turns into callbacks: the unit of each axis and, for the Sankey diagram, the colour of each node.
 */
export interface ChartSpec {
  id: string
  type: 'bar' | 'doughnut' | 'sankey'
  /** The unit of the values, per y axis id (`y`, `y2`) or for the whole chart (`*`). */
  units: Record<string, ChartUnit>
  /** Sankey only: node key → colour. */
  nodeColours?: Record<string, string>
  config: { type: string; data: { labels?: string[]; datasets: Record<string, unknown>[] }; options: Record<string, unknown> }
}

const GRID = { color: '#eef0f4' }

/**
 * The dashboard's charts from a report: traffic and revenue by channel, revenue under each attribution model,
 * the journey flow, carts, the QR funnel and LCP per page. Pure: the same report gives the same charts.
 *
 * @example
 * dashboardCharts(report).map((c) => c.id) // ['channels', 'models', 'journeys', 'carts', 'qr', 'vitals']
 */
export function dashboardCharts(report: Report): ChartSpec[] {
  const channels = report.channels
  const models = report.attribution.models
  const credited = report.attribution.channels
  const pages = report.experience.pages.filter((p) => p.metrics.lcp.p75 !== undefined)
  const nodeColours: Record<string, string> = { [PURCHASE_NODE]: PURCHASE_COLOUR }
  for (const node of report.journeys.nodes) if (node.phase) nodeColours[node.key] = PHASE_COLOURS[node.phase]
  const legendBottom = { legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8 } } }

  return [
    {
      id: 'channels',
      type: 'bar',
      units: { y: 'count', y2: 'money' },
      config: {
        type: 'bar',
        data: {
          labels: channels.map((c) => c.channel),
          datasets: [
            { label: 'Sessions', data: channels.map((c) => c.sessions), backgroundColor: channels.map((c) => channelColour(c.channel)), yAxisID: 'y', borderRadius: 4 },
            { label: 'Revenue', data: channels.map((c) => c.revenue), backgroundColor: '#334155', yAxisID: 'y2', borderRadius: 4 },
          ],
        },
        options: {
          plugins: legendBottom,
          scales: {
            x: { grid: { display: false } },
            y: { beginAtZero: true, title: { display: true, text: 'Sessions' }, grid: GRID, ticks: { precision: 0 } },
            y2: { beginAtZero: true, position: 'right', title: { display: true, text: `Revenue (${report.currency})` }, grid: { display: false } },
          },
        },
      },
    },
    {
      id: 'models',
      type: 'bar',
      units: { y: 'money' },
      config: {
        type: 'bar',
        data: {
          labels: credited.map((c) => c.channel),
          datasets: models.map((m, i) => ({ label: m.label, data: credited.map((c) => c.credits[m.key].revenue), backgroundColor: MODEL_COLOURS[i], borderRadius: 3 })),
        },
        options: {
          plugins: legendBottom,
          scales: { x: { grid: { display: false } }, y: { beginAtZero: true, title: { display: true, text: `Attributed revenue (${report.currency})` }, grid: GRID } },
        },
      },
    },
    {
      id: 'journeys',
      type: 'sankey',
      units: { '*': 'count' },
      nodeColours,
      config: {
        type: 'sankey',
        data: {
          datasets: [
            {
              label: 'Purchases',
              data: report.journeys.links.map((l) => ({ from: l.from, to: l.to, flow: l.flow })),
              labels: Object.fromEntries(report.journeys.nodes.map((n) => [n.key, n.label])),
              column: Object.fromEntries(report.journeys.nodes.map((n) => [n.key, n.column])),
              colorMode: 'gradient',
              alpha: 0.45,
              nodeWidth: 14,
              nodePadding: 24,
              size: 'max',
              color: '#1e293b',
              font: { size: 12 },
            },
          ],
        },
        options: { plugins: { legend: { display: false } } },
      },
    },
    {
      id: 'carts',
      type: 'doughnut',
      units: { '*': 'money' },
      config: {
        type: 'doughnut',
        data: {
          labels: ['Recovered', 'Still at stake'],
          datasets: [{ label: 'Abandoned cart value', data: [report.carts.recoveredValue, report.carts.atStakeValue], backgroundColor: ['#10b981', '#f97316'], borderWidth: 2 }],
        },
        options: { cutout: '62%', plugins: legendBottom },
      },
    },
    {
      id: 'qr',
      type: 'bar',
      units: { x: 'count' },
      config: {
        type: 'bar',
        data: {
          labels: report.qr.placements.map((p) => p.code),
          datasets: [
            { label: 'Scans', data: report.qr.placements.map((p) => p.scans), backgroundColor: '#c4b5fd', borderRadius: 3 },
            { label: 'Sessions', data: report.qr.placements.map((p) => p.sessions), backgroundColor: '#8b5cf6', borderRadius: 3 },
            { label: 'Purchases', data: report.qr.placements.map((p) => p.purchases), backgroundColor: '#5b21b6', borderRadius: 3 },
          ],
        },
        options: {
          indexAxis: 'y',
          plugins: legendBottom,
          scales: { x: { beginAtZero: true, grid: GRID, ticks: { precision: 0 } }, y: { grid: { display: false } } },
        },
      },
    },
    {
      id: 'vitals',
      type: 'bar',
      units: { x: 'ms' },
      config: {
        type: 'bar',
        data: {
          labels: pages.map((p) => p.path),
          datasets: [
            {
              label: 'LCP, 75th percentile',
              data: pages.map((p) => p.metrics.lcp.p75!),
              backgroundColor: pages.map((p) => RATING_COLOURS[p.metrics.lcp.rating!]),
              borderRadius: 3,
            },
          ],
        },
        options: {
          indexAxis: 'y',
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, title: { display: true, text: 'Largest Contentful Paint, 75th percentile: good up to 2,500 ms, poor over 4,000 ms' }, grid: GRID }, y: { grid: { display: false } } },
        },
      },
    },
  ]
}

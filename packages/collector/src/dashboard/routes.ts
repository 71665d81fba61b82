import { timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ReportOptions } from '../report/build-report.js'
import { createReport } from '../report/create-report.js'
import type { Phase } from '../report/phases.js'
import { readQrManifest } from '../report/qr.js'
import { parseDay, periodProblem } from '../report/report-command.js'
import type { Store } from '../store/types.js'
import { dashboardCharts } from './charts.js'
import { CLIENT_SCRIPT } from './client.js'
import { dashboardPage } from './page.js'
import { STYLES } from './styles.js'

/** Options of the dashboard (`createServer({ dashboard })`). */
export interface DashboardOptions {
  /**
   * Required from clients other than this machine, as `?key=` or `Authorization: Bearer <key>`. Without it the
   * dashboard and `/api/report` answer loopback clients only (and nobody behind `trustProxy`, where every client
   * would look local).
   */
  key?: string
  /** Path of `@touchtrail/qr`'s `manifest.json`, read at each request (a code printed later shows up at once). */
  qrManifest?: string
  /** Event name → journey phase, over the defaults. */
  phases?: Readonly<Record<string, Phase | null>>
  /** Default half-life of the time-decay model in days; `?halfLife=` overrides it. @default 7 */
  halfLifeDays?: number
  /** @default 90 */
  lookbackDays?: number
  /** Currency of revenue. @default the one most events name */
  currency?: string
  /** BCP 47 tag for numbers and dates. @default 'en-GB' */
  locale?: string
  /** Set by the server from its own option. */
  trustProxy?: boolean
}

interface Query {
  from?: string
  to?: string
  site?: string
  halfLife?: string
  bots?: string
  key?: string
}

const ASSET_TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const

/**
 * Adds `GET /dashboard` (HTML with Chart.js charts), `GET /api/report` (the report as JSON) and the page's assets,
 * Chart.js and chartjs-chart-sankey served from the collector's own dependencies (no CDN). Both take `from`, `to`
 * (a date, UTC, `to` exclusive), `site`, `halfLife` (days) and `bots=include` in the query.
 *
 * @example
 * registerDashboard(app, store, { qrManifest: './qr/manifest.json' })
 */
export function registerDashboard(app: FastifyInstance, store: Store, options: DashboardOptions = {}): void {
  const require = createRequire(import.meta.url)
  const assets = new Map<string, () => string>([
    ['chart.umd.min.js', once(() => readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8'))],
    ['chartjs-chart-sankey.min.js', once(() => readFileSync(join(dirname(require.resolve('chartjs-chart-sankey')), 'chartjs-chart-sankey.min.js'), 'utf8'))],
    ['dashboard.js', () => CLIENT_SCRIPT],
    ['dashboard.css', () => STYLES],
  ])

  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const refusal = refuse(request, options)
    if (refusal) return reply.code(refusal.status).send({ error: refusal.status === 401 ? 'Unauthorized' : 'Forbidden', reason: refusal.reason })
  }

  app.get<{ Params: { name: string } }>('/dashboard/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name)
    if (!asset) return reply.code(404).send({ error: 'Not Found', reason: `no dashboard asset ${request.params.name}` })
    const type = ASSET_TYPES[request.params.name.endsWith('.css') ? 'css' : 'js']
    return reply.type(type).header('cache-control', 'public, max-age=3600').send(asset())
  })

  app.get<{ Querystring: Query }>('/api/report', { onRequest: guard }, async (request, reply) => {
    const reportOptions = await optionsFrom(request.query, options, reply)
    if (!reportOptions) return reply
    return createReport(store, reportOptions)
  })

  app.get<{ Querystring: Query }>('/dashboard', { onRequest: guard }, async (request, reply) => {
    const reportOptions = await optionsFrom(request.query, options, reply)
    if (!reportOptions) return reply
    const [report, sites] = await Promise.all([
      createReport(store, reportOptions),
      store.query('SELECT DISTINCT site FROM events WHERE site IS NOT NULL ORDER BY site LIMIT 200'),
    ])
    const html = dashboardPage(report, {
      charts: dashboardCharts(report),
      sites: sites.map((r) => String(r.site)),
      query: request.query,
      locale: options.locale,
    })
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'")
      .send(html)
  })
}

/** The report options of a request, or undefined after answering 400 with what is wrong. */
async function optionsFrom(query: Query, options: DashboardOptions, reply: FastifyReply): Promise<ReportOptions | undefined> {
  const bad = (reason: string) => {
    void reply.code(400).send({ error: 'Bad Request', reason })
    return undefined
  }
  const from = query.from ? parseDay(query.from) : undefined
  if (query.from && !from) return bad(`from must be a date such as 2026-10-01, not "${query.from}"`)
  const to = query.to ? parseDay(query.to) : undefined
  if (query.to && !to) return bad(`to must be a date such as 2026-11-01, not "${query.to}"`)
  const inverted = periodProblem(from, to)
  if (inverted) return bad(inverted)
  const halfLifeDays = query.halfLife ? Number(query.halfLife) : options.halfLifeDays
  if (halfLifeDays !== undefined && !(halfLifeDays > 0)) return bad(`halfLife must be a number of days above 0, not "${query.halfLife}"`)
  if (query.bots && query.bots != 'include' && query.bots != 'exclude') return bad(`bots must be include or exclude, not "${query.bots}"`)
  return {
    from,
    to,
    site: query.site || undefined,
    halfLifeDays,
    lookbackDays: options.lookbackDays,
    currency: options.currency,
    phases: options.phases,
    qrManifest: options.qrManifest ? await readQrManifest(options.qrManifest) : undefined,
    includeBots: query.bots == 'include',
  }
}

/** Why a request may not see the dashboard, or undefined when it may. */
function refuse(request: FastifyRequest, options: DashboardOptions): { status: 401 | 403; reason: string } | undefined {
  if (options.key) {
    const given = (request.query as Query).key ?? /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? ''
    const a = Buffer.from(given)
    const b = Buffer.from(options.key)
    if (a.length === b.length && timingSafeEqual(a, b)) return undefined
    return { status: 401, reason: 'the dashboard key is missing or wrong: add ?key=… or Authorization: Bearer …' }
  }
  const address = request.socket.remoteAddress ?? ''
  if (!options.trustProxy && /^(127\.|::1$|::ffff:127\.)/.test(address)) return undefined
  return { status: 403, reason: 'without a dashboard key the dashboard answers this machine only; start the collector with --dashboard-key to open it to others' }
}

function once(read: () => string): () => string {
  let value: string | undefined
  return () => (value ??= read())
}

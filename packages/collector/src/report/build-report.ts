import { attribute, DEFAULT_HALF_LIFE_MS, MODEL_LABELS, MODELS, type Credit, type Model } from './attribution.js'
import { cartReport, type CartReport } from './carts.js'
import { DEFAULT_LOOKBACK_MS, findConversions } from './conversions.js'
import type { ReportEvent } from './event.js'
import { experienceReport, type ExperienceReport } from './experience.js'
import { journeyMap, type JourneyLink, type JourneyNode, type JourneyPath } from './journeys.js'
import { PHASES, type Phase } from './phases.js'
import { qrReport, type QrManifest, type QrRow } from './qr.js'
import { buildSessions } from './sessions.js'
import { traffic, type TrafficRow } from './traffic.js'

/** Options of {@link buildReport} and `createReport`. */
export interface ReportOptions {
  /** The period's start (inclusive). @default the first event */
  from?: Date
  /** The period's end (exclusive). @default after the last event */
  to?: Date
  /** Only this site's events (`context.site`, the script tag's `data-site`). @default every site */
  site?: string
  /** Now, for what depends on it: a cart counts as left for good once its visitor has been silent for 30 minutes. @default new Date() */
  now?: Date
  /** Half-life of the time-decay model, in days. @default 7 */
  halfLifeDays?: number
  /** Visits this many days before a purchase count towards it (attribution, journeys, QR). @default 90 */
  lookbackDays?: number
  /** Gap that ends a session for events without a browser session id. @default 1800000 (30 min) */
  sessionTimeoutMs?: number
  /** The currency of revenue; purchases in others count as conversions without revenue. @default the most common */
  currency?: string
  /** Event name → journey phase, merged over the defaults (`DEFAULT_PHASES`). */
  phases?: Readonly<Record<string, Phase | null>>
  /** Placements from `@touchtrail/qr`'s manifest, to label and list QR codes (see `readQrManifest`). */
  qrManifest?: QrManifest
  /**
   * Count the events of bots and automated browsers too (crawlers that run scripts, headless browsers: the
   * collector stores them with the device type `bot`). @default false: they are left out, and a note says how many
   */
  includeBots?: boolean
}

/** Overall numbers of the period. */
export interface Totals extends TrafficRow {
  /** Revenue per purchase. */
  averageOrderValue: number
}

/** The whole report, as `report --format json` and `GET /api/report` give it. Money in `currency`, rounded to cents. */
export interface Report {
  /** The period asked for, and when its first and last events happened (undefined without events). */
  period: { from?: string; to?: string; site?: string; firstEvent?: string; lastEvent?: string }
  currency: string
  settings: { halfLifeDays: number; lookbackDays: number }
  totals: Totals
  channels: (TrafficRow & { channel: string })[]
  campaigns: (TrafficRow & { source: string; medium: string; campaign: string })[]
  attribution: {
    models: { key: Model; label: string }[]
    /** Per channel, the credit under each model; channels by last non-direct revenue. */
    channels: { channel: string; credits: Record<Model, Credit> }[]
  }
  journeys: { phases: readonly Phase[]; paths: JourneyPath[]; nodes: JourneyNode[]; links: JourneyLink[] }
  carts: CartReport
  qr: { manifest: boolean; placements: QrRow[] }
  experience: ExperienceReport
  /** What the numbers leave out, in words. */
  notes: string[]
}

const DAY_MS = 86_400_000

/**
 * The report of a period from its events (and, for attribution and journeys, the events of the lookback window
 * before it: pass those too). Pure.
 *
 * @example
 * const report = buildReport(events, { from: new Date('2026-10-01Z'), halfLifeDays: 7 })
 * report.attribution.channels.find((c) => c.channel === 'Email')?.credits.linear.revenue // 29.95
 */
export function buildReport(events: readonly ReportEvent[], options: ReportOptions = {}): Report {
  const halfLifeDays = options.halfLifeDays ?? DEFAULT_HALF_LIFE_MS / DAY_MS
  const lookbackDays = options.lookbackDays ?? DEFAULT_LOOKBACK_MS / DAY_MS
  const from = options.from?.getTime() ?? -Infinity
  const to = options.to?.getTime() ?? Infinity
  const inPeriod = (at: number) => at >= from && at < to
  const site = options.site
  const manifest = options.qrManifest
  // A scan of the generator's short link carries no utm_source: the manifest knows the placement's.
  const withSource = (e: ReportEvent): ReportEvent => {
    const code = e.touchpoint.qrCode
    const source = !e.campaign.source && code !== undefined && manifest && Object.hasOwn(manifest, code) ? manifest[code]!.source : undefined
    return source ? { ...e, campaign: { ...e.campaign, source } } : e
  }
  const ofSite = (site === undefined ? events : events.filter((e) => e.site === site)).map(withSource)
  // Like GA4, which leaves known bots out of every report; their events stay stored, and exported.
  const bots = options.includeBots ? 0 : ofSite.reduce((n, e) => n + +(!!e.bot && inPeriod(e.at)), 0)
  const sessions = buildSessions(options.includeBots ? ofSite : ofSite.filter((e) => !e.bot), options)
  const { conversions: all, currency, notes } = findConversions(sessions, { lookbackMs: lookbackDays * DAY_MS, currency: options.currency })
  if (bots) notes.push(`${bots} event${bots > 1 ? 's' : ''} of bots and automated browsers (by their user agent) left out`)
  const conversions = all.filter((c) => inPeriod(c.at))
  const periodSessions = sessions.filter((s) => inPeriod(s.start))

  const [totals] = traffic(periodSessions, conversions, () => ({}))
  const revenue = totals?.revenue ?? 0
  const credits = attribute(
    conversions.map((c) => ({ at: c.at, value: c.value, touches: c.path.map((s) => ({ at: s.start, channel: s.touch.channel })) })),
    { halfLifeMs: halfLifeDays * DAY_MS },
  )
  const channelsCredited = new Set([...credits.values()].flatMap((m) => [...m.keys()]))
  const firstPurchase = new Map<string, number>()
  for (const c of all) if (!firstPurchase.has(c.visitor)) firstPurchase.set(c.visitor, c.at)
  const journeys = journeyMap(conversions, (visitor) => firstPurchase.get(visitor), options)

  const report: Report = {
    period: {
      from: options.from?.toISOString(),
      to: options.to?.toISOString(),
      site,
      firstEvent: periodSessions.length ? new Date(periodSessions.reduce((m, s) => Math.min(m, s.start), Infinity)).toISOString() : undefined,
      lastEvent: periodSessions.length ? new Date(periodSessions.reduce((m, s) => Math.max(m, s.end), -Infinity)).toISOString() : undefined,
    },
    currency,
    settings: { halfLifeDays, lookbackDays },
    totals: {
      visitors: totals?.visitors ?? 0,
      sessions: totals?.sessions ?? 0,
      engagedSessions: totals?.engagedSessions ?? 0,
      engagementRate: ratio(totals?.engagementRate ?? 0),
      conversions: conversions.length,
      revenue: money(revenue),
      conversionRate: ratio(totals?.conversionRate ?? 0),
      averageOrderValue: money(conversions.length ? revenue / conversions.length : 0),
    },
    channels: traffic(periodSessions, conversions, (s) => ({ channel: s.touch.channel })).map(rounded),
    campaigns: traffic(periodSessions, conversions, (s) => ({ source: s.touch.source, medium: s.touch.medium, campaign: s.touch.campaign })).map(rounded),
    attribution: {
      models: MODELS.map((key) => ({ key, label: MODEL_LABELS[key] })),
      channels: [...channelsCredited]
        .map((channel) => ({
          channel,
          credits: Object.fromEntries(
            MODELS.map((m) => {
              const c = credits.get(m)!.get(channel) ?? { conversions: 0, revenue: 0 }
              return [m, { conversions: ratio(c.conversions), revenue: money(c.revenue) }]
            }),
          ) as Record<Model, Credit>,
        }))
        .sort((a, b) => b.credits.last_non_direct.revenue - a.credits.last_non_direct.revenue || b.credits.linear.revenue - a.credits.linear.revenue),
    },
    journeys: {
      phases: PHASES,
      paths: journeys.paths.map((p) => ({ ...p, revenue: money(p.revenue) })),
      nodes: journeys.nodes,
      links: journeys.links,
    },
    carts: roundCarts(cartReport(sessions, inPeriod, Math.min(to, (options.now ?? new Date()).getTime()))),
    qr: {
      manifest: options.qrManifest !== undefined,
      placements: qrReport(sessions, conversions, options.qrManifest, inPeriod).map((r) => ({ ...r, revenue: money(r.revenue) })),
    },
    experience: experienceReport(sessions, inPeriod),
    notes,
  }
  return report
}

/** Money to cents. */
export function money(value: number): number {
  return Math.round(value * 100) / 100
}

/** Shares and fractional counts to 4 decimals. */
function ratio(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

function rounded<T extends TrafficRow>(row: T): T {
  return { ...row, revenue: money(row.revenue), engagementRate: ratio(row.engagementRate), conversionRate: ratio(row.conversionRate) }
}

function roundCarts(c: CartReport): CartReport {
  return {
    ...c,
    recoveryRate: ratio(c.recoveryRate),
    abandonedValue: money(c.abandonedValue),
    recoveredValue: money(c.recoveredValue),
    atStakeValue: money(c.atStakeValue),
    byChannel: c.byChannel.map((r) => ({ ...r, value: money(r.value) })),
    byStage: c.byStage.map((r) => ({ ...r, value: money(r.value) })),
  }
}

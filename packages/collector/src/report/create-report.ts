import type { Store } from '../store/types.js'
import { buildReport, type Report, type ReportOptions } from './build-report.js'
import { parseStoredEvent, type ReportEvent } from './event.js'

/**
 * Reads the period's events, and those of the lookback window before it, from a store and builds the report.
 * The events are held in memory while the report is built (a few hundred bytes each).
 *
 * @example
 * const report = await createReport(store, { from: new Date('2026-10-01Z'), to: new Date('2026-11-01Z'), site: 'shop-1' })
 */
export async function createReport(store: Store, options: ReportOptions = {}): Promise<Report> {
  const lookbackMs = (options.lookbackDays ?? 90) * 86_400_000
  const from = options.from ? new Date(options.from.getTime() - lookbackMs) : undefined
  const events: ReportEvent[] = []
  for await (const row of store.scan({ from, to: options.to, site: options.site })) events.push(parseStoredEvent(row))
  return buildReport(events, options)
}

import { readFile } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { openStored } from '../store/open-stored.js'
import { parseIsoTimestamp } from '../timestamp.js'
import type { ReportOptions } from './build-report.js'
import { createReport } from './create-report.js'
import { formatCsv } from './format-csv.js'
import { formatTable } from './format-table.js'
import { parsePhaseMapping, type Phase } from './phases.js'
import { readQrManifest } from './qr.js'

/** The output formats of `touchtrail-collector report`. */
export const REPORT_FORMATS = ['table', 'json', 'csv'] as const

/** The `report` part of the command's `--help`. */
export const REPORT_USAGE = `report options:
  --db <path|url>           DuckDB file (the collector must not be running on it), or postgres:// URL
  --format <format>         ${REPORT_FORMATS.join(', ')} (default table)
  --from <date>             period start, inclusive: 2026-10-01 (UTC midnight) or an ISO date-time
  --to <date>               period end, exclusive: --from 2026-10-01 --to 2026-11-01 is October
  --site <site>             only this site (data-site of the script tag)
  --half-life-days <n>      half-life of the time-decay model (default 7)
  --lookback-days <n>       visits this many days before a purchase count towards it (default 90)
  --currency <code>         currency of revenue (default: the one most events name)
  --qr-manifest <path>      manifest.json of touchtrail-qr, to label QR placements
  --phases <path>           JSON file mapping event names to journey phases, over the defaults
  --include-bots            count bots and automated browsers too (left out by default)
  --locale <tag>            number format of the table (default en-GB)
`

const OPTIONS = {
  db: { type: 'string', default: './touchtrail.duckdb' },
  format: { type: 'string', default: 'table' },
  from: { type: 'string' },
  to: { type: 'string' },
  site: { type: 'string' },
  'half-life-days': { type: 'string', default: '7' },
  'lookback-days': { type: 'string', default: '90' },
  currency: { type: 'string' },
  'qr-manifest': { type: 'string' },
  phases: { type: 'string' },
  locale: { type: 'string', default: 'en-GB' },
  'include-bots': { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options']

/** A mistake in the command line; `main` prints the usage hint and exits with 2. */
class ReportUsageError extends Error {
  readonly usage = true
}

/** Where `report` writes. */
export interface ReportIo {
  stdout: NodeJS.WritableStream
}

/**
 * `touchtrail-collector report`: reads the events of a period from the database and prints the marketers' report
 * as tables, JSON or CSV. Resolves to 0; rejects with a message on a bad option or an unreadable database.
 *
 * @example
 * await runReport(['--db', 'shop.duckdb', '--from', '2026-10-01', '--format', 'csv'], { stdout: process.stdout })
 */
export async function runReport(args: readonly string[], io: ReportIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false })
  const format = values.format as (typeof REPORT_FORMATS)[number]
  if (!REPORT_FORMATS.includes(format)) throw new ReportUsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`)
  const options: ReportOptions = {
    from: dayOption('--from', values.from),
    to: dayOption('--to', values.to),
    site: values.site,
    halfLifeDays: positive('--half-life-days', values['half-life-days']),
    lookbackDays: positive('--lookback-days', values['lookback-days']),
    currency: values.currency?.toUpperCase(),
    includeBots: values['include-bots'],
  }
  const inverted = periodProblem(options.from, options.to, '--')
  if (inverted) throw new ReportUsageError(inverted)
  if (values['qr-manifest']) options.qrManifest = await readQrManifest(values['qr-manifest'])
  if (values.phases) options.phases = await readPhaseMapping(values.phases)
  const store = await openStored(values.db, {
    readOnly: true,
    lockHint: 'The collector holds this file while it runs: open its /dashboard instead, or report on a copy.',
  })
  try {
    const report = await createReport(store, options)
    const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'csv' ? formatCsv(report) : formatTable(report, values.locale)
    io.stdout.write(text)
    return 0
  } finally {
    await store.close()
  }
}

/** Reads and checks a phase mapping file (`{ "newsletter_signup": "retention" }`). */
export async function readPhaseMapping(path: string): Promise<Record<string, Phase | null>> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new Error(`cannot read the phase mapping ${path}: ${(error as Error).message}`)
  }
  try {
    return parsePhaseMapping(json)
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`)
  }
}

/** A date (`2026-10-01`, UTC midnight) or an ISO 8601 date-time with a zone. */
export function parseDay(value: string): Date | undefined {
  const ms = parseIsoTimestamp(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return ms === undefined ? undefined : new Date(ms)
}

/**
 * Why `from` and `to` make no period, or undefined: the command and `/api/report` refuse alike. `prefix` spells
 * the options as the caller's user wrote them: `--` on the command line, nothing in a query.
 */
export function periodProblem(from: Date | undefined, to: Date | undefined, prefix = ''): string | undefined {
  return from && to && from >= to ? `${prefix}from must be before ${prefix}to` : undefined
}

/** The value of a date option (`--from`, `--to`) as {@link parseDay} reads it; a usage error when it is none. */
export function dayOption(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = parseDay(value)
  if (!date) throw new ReportUsageError(`${flag} must be a date such as 2026-10-01 or an ISO 8601 date-time with a zone, not "${value}"`)
  return date
}

function positive(flag: string, value: string): number {
  const n = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new ReportUsageError(`${flag} must be a number above 0, not "${value}"`)
  return n
}

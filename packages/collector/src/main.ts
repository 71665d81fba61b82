import { createRequire } from 'node:module'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from './export.js'
import { dayOption, periodProblem, readPhaseMapping, REPORT_USAGE, runReport } from './report/report-command.js'
import { readQrManifest } from './report/qr.js'
import { createServer, DEFAULT_HOST, DEFAULT_PORT } from './server.js'
import { openStored } from './store/open-stored.js'

/** Where the CLI writes and what stops `serve`; the real process in `cli.ts`, fakes of nothing in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Aborting it shuts `serve` down gracefully (SIGINT, SIGTERM). Without it, `serve` runs until killed. */
  signal?: AbortSignal
  /** Environment, for `TOUCHTRAIL_WRITE_KEY`. @default process.env */
  env?: Record<string, string | undefined>
}

const USAGE = `Usage:
  touchtrail-collector serve [options]     receive events on POST /collect and store them
  touchtrail-collector export [options]    write every stored event for a warehouse
  touchtrail-collector report [options]    the marketers' report: channels, attribution, journeys, carts, QR, vitals
  touchtrail-collector erase [options]     delete every event of one visitor (a GDPR erasure request)

serve options:
  --host <address>          address to listen on (default ${DEFAULT_HOST})
  --port <number>           port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --db <path|url>           DuckDB file, or postgres:// URL (default ./touchtrail.duckdb)
  --allowed-origins <list>  comma-separated origins allowed to send from a browser (default: any)
  --write-key <key>         require this key (X-Write-Key, ?writeKey=); or set TOUCHTRAIL_WRITE_KEY
  --max-body-bytes <n>      largest body after decompression (default 1048576)
  --max-batch-events <n>    most events in one batch (default 1000)
  --rate-limit <n>          requests per minute per client IP; 0 turns it off (default 600)
  --trust-proxy             take the client IP from X-Forwarded-For (behind a reverse proxy)
  --log-level <level>       fatal, error, warn, info, debug or silent (default warn)
  --dashboard-key <key>     open /dashboard and /api/report to other machines with ?key=<key>; or set
                            TOUCHTRAIL_DASHBOARD_KEY (default: this machine's browsers only)
  --qr-manifest <path>      manifest.json of touchtrail-qr, to name QR placements on the dashboard
  --phases <path>           JSON file mapping event names to journey phases, over the defaults
  --no-dashboard            no /dashboard and /api/report

export options:
  --db <path|url>           DuckDB file (the collector must not be running on it), or postgres:// URL
  --format <format>         ${EXPORT_FORMATS.join(', ')} (required)
  --out <file>              file to write (default: standard output)
  --from <date>             only events at or after: 2026-10-01 (UTC midnight) or an ISO date-time
  --to <date>               only events before it

erase options:
  --db <path|url>           DuckDB file (the collector must not be running on it), or postgres:// URL
  --anonymous-id <id>       the visitor's anonymous id (as the browser has it in localStorage tt_a)
  --user-id <id>            the user id the site gave identify()
                            (one of the two, or both: every event with either is deleted)

${REPORT_USAGE}`

const SERVE_OPTIONS = {
  host: { type: 'string', default: DEFAULT_HOST },
  port: { type: 'string', default: String(DEFAULT_PORT) },
  db: { type: 'string', default: './touchtrail.duckdb' },
  'allowed-origins': { type: 'string' },
  'write-key': { type: 'string' },
  'max-body-bytes': { type: 'string', default: '1048576' },
  'max-batch-events': { type: 'string', default: '1000' },
  'rate-limit': { type: 'string', default: '600' },
  'trust-proxy': { type: 'boolean', default: false },
  'log-level': { type: 'string', default: 'warn' },
  'dashboard-key': { type: 'string' },
  'qr-manifest': { type: 'string' },
  phases: { type: 'string' },
  'no-dashboard': { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options']

const EXPORT_OPTIONS = {
  db: { type: 'string', default: './touchtrail.duckdb' },
  format: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} satisfies ParseArgsConfig['options']

const ERASE_OPTIONS = {
  db: { type: 'string', default: './touchtrail.duckdb' },
  'anonymous-id': { type: 'string' },
  'user-id': { type: 'string' },
} satisfies ParseArgsConfig['options']

const COMMANDS = ['serve', 'export', 'report', 'erase']

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** A mistake in the command line: printed with the usage hint, exit code 2. */
class UsageError extends Error {}

/**
 * The `touchtrail-collector` command: `serve`, `export`, `--help`, `--version`. Resolves to the exit code (0 done,
 * 1 failed, 2 bad command line) and never rejects.
 *
 * @example
 * process.exitCode = await main(['serve', '--port', '8787'], { stdout: process.stdout, stderr: process.stderr })
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(USAGE)
      return command === undefined ? 2 : 0
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${createRequire(import.meta.url)('../package.json').version}\n`)
      return 0
    }
    if (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout.write(USAGE)
      return 0
    }
    if (command === 'serve') return await serve(rest, io)
    if (command === 'export') return await runExport(rest, io)
    if (command === 'report') return await runReport(rest, io)
    if (command === 'erase') return await runErase(rest, io)
    throw new UsageError(`unknown command "${command}"`)
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { usage?: boolean }).usage === true || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    io.stderr.write(`touchtrail-collector: ${(error as Error).message}\n`)
    if (usage) io.stderr.write('Run touchtrail-collector --help for the options.\n')
    return usage ? 2 : 1
  }
}

async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: SERVE_OPTIONS, strict: true, allowPositionals: false })
  const logLevel = values['log-level']
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`)
  // Every flag is checked before the database is opened, so a typo never leaves a half-started collector.
  const port = integer('--port', values.port, 0, 65535)
  // Read once now, so a wrong path fails here rather than on the first look at the dashboard.
  if (values['qr-manifest']) await readQrManifest(values['qr-manifest'])
  const phases = values.phases === undefined ? undefined : await readPhaseMapping(values.phases)
  const server = await createServer({
    db: values.db,
    allowedOrigins: values['allowed-origins']?.split(',').map((o) => o.trim()).filter(Boolean),
    writeKey: values['write-key'] ?? (io.env ?? process.env).TOUCHTRAIL_WRITE_KEY,
    maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'], 1),
    maxBatchEvents: integer('--max-batch-events', values['max-batch-events'], 1),
    rateLimitPerMinute: integer('--rate-limit', values['rate-limit'], 0),
    trustProxy: values['trust-proxy'],
    logger: logLevel === 'silent' ? false : { level: logLevel },
    dashboard: values['no-dashboard']
      ? false
      : { key: values['dashboard-key'] ?? (io.env ?? process.env).TOUCHTRAIL_DASHBOARD_KEY, qrManifest: values['qr-manifest'], phases },
  })
  let url: string
  try {
    url = await server.listen({ host: values.host, port })
  } catch (error) {
    await server.close()
    throw new Error(`cannot listen on ${values.host}:${values.port}: ${(error as Error).message}`)
  }
  io.stdout.write(`touchtrail-collector listening on ${url} (POST ${url}/collect), storing in ${server.store.kind}\n`)
  if (!values['no-dashboard']) io.stdout.write(`touchtrail-collector: dashboard at ${url}/dashboard\n`)
  if (io.signal) {
    await new Promise((resolve) => {
      if (io.signal!.aborted) resolve(undefined)
      io.signal!.addEventListener('abort', resolve, { once: true })
    })
    io.stdout.write('touchtrail-collector: shutting down; writing the batches in flight\n')
    await server.close()
    io.stdout.write('touchtrail-collector: stopped\n')
  } else {
    await new Promise(() => {})
  }
  return 0
}

async function runExport(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: EXPORT_OPTIONS, strict: true, allowPositionals: false })
  const format = values.format as ExportFormat | undefined
  if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`)
  const from = dayOption('--from', values.from)
  const to = dayOption('--to', values.to)
  const inverted = periodProblem(from, to, '--')
  if (inverted) throw new UsageError(inverted)
  const store = await openStored(values.db, { readOnly: true, lockHint: 'Stop the collector using this file first, or export from a copy of it.' })
  try {
    const count = await exportEvents(store, { format, out: values.out ?? io.stdout, from, to })
    if (values.out) io.stderr.write(`touchtrail-collector: exported ${count} events to ${values.out}\n`)
    return 0
  } finally {
    await store.close()
  }
}

/** `erase`: deletes a visitor's events and says how many, so an erasure request can be answered and logged. */
async function runErase(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: ERASE_OPTIONS, strict: true, allowPositionals: false })
  const anonymousId = values['anonymous-id']
  const userId = values['user-id']
  if (!anonymousId && !userId) throw new UsageError('erase needs --anonymous-id or --user-id')
  const store = await openStored(values.db)
  try {
    const count = await store.erase({ anonymousId, userId })
    const who = [anonymousId && `anonymousId ${anonymousId}`, userId && `userId ${userId}`].filter(Boolean).join(' or ')
    io.stdout.write(`touchtrail-collector: erased ${count} event${count == 1 ? '' : 's'} of ${who}\n`)
    return 0
  } finally {
    await store.close()
  }
}

function integer(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`)
  return n
}

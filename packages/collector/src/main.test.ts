// @vitest-environment node
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from './main.js'
import { createServer } from './server.js'
import { createStore } from './store/index.js'
import { batchOf, pageEvent } from './test/events.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

const databases = useDatabases()
const dir = mkdtempSync(join(tmpdir(), 'touchtrail-cli-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `main` with captured output; `signal` stops `serve`. */
function run(argv: string[], signal?: AbortSignal) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (c: Buffer) => out.push(c.toString()))
  stderr.on('data', (c: Buffer) => err.push(c.toString()))
  const code = main(argv, { stdout, stderr, signal, env: {} })
  return { code, stdout: () => out.join(''), stderr: () => err.join('') }
}

/** A DuckDB file in the test folder holding one page view of `prefixed` on 2026-10-05; `db` names it with `prefix`. */
async function fileWithOneEvent(name: string, prefix = '') {
  const db = `${prefix}${join(dir, name)}`
  const server = await createServer({ db, dashboard: false })
  const event = pageEvent({ anonymousId: 'prefixed', timestamp: '2026-10-05T08:00:00.000Z' })
  await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf([event], undefined) })
  await server.close()
  return { db, event }
}

/** Resolves with the URL once `serve` has printed it. */
async function listeningUrl(output: () => string): Promise<string> {
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(output())
    if (match) return match[1]
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe('touchtrail-collector command line', () => {
  test('prints help with exit code 0, and with 2 when no command is given', async () => {
    const help = run(['--help'])
    expect(await help.code).toBe(0)
    expect(help.stdout()).toContain('touchtrail-collector serve [options]')
    expect(await run([]).code).toBe(2)
  })

  test.each([
    [['serve', '--bogus'], "Unknown option '--bogus'"],
    [['serve', '--port', 'abc'], '--port must be a whole number from 0 to 65535, not "abc"'],
    [['serve', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [['serve', '--rate-limit=-1'], '--rate-limit must be a whole number from 0'],
    [['serve', '--max-body-bytes', '0'], '--max-body-bytes must be a whole number from 1'],
    [['serve', '--log-level', 'loud'], '--log-level must be one of'],
    [['export', '--format', 'xml'], '--format must be one of ndjson, csv, parquet'],
    [['export'], '--format must be one of'],
    [['export', '--format', 'csv', '--from', 'last week'], '--from must be a date such as 2026-10-01 or an ISO 8601 date-time'],
    [['launch'], 'unknown command "launch"'],
  ])('refuses %j with exit code 2 and says why', async (argv, message) => {
    const cli = run(argv)
    expect(await cli.code).toBe(2)
    expect(cli.stderr()).toContain(message)
    expect(cli.stderr()).toContain('Run touchtrail-collector --help')
  })

  test('refuses to export a DuckDB file that does not exist, rather than creating an empty one', async () => {
    const missing = join(dir, 'missing.duckdb')
    const cli = run(['export', '--db', missing, '--format', 'ndjson'])
    expect(await cli.code).toBe(1)
    expect(cli.stderr()).toContain(`no DuckDB file at ${missing}`)
    expect(existsSync(missing)).toBe(false)
  })

  test('prints the usage with exit code 0 for --help after a command', async () => {
    for (const argv of [['serve', '--help'], ['export', '--format', 'csv', '--help'], ['report', '-h'], ['erase', '--help']]) {
      const cli = run(argv)
      expect(await cli.code).toBe(0)
      expect(cli.stdout()).toContain('export options:')
      expect(cli.stderr()).toBe('')
    }
  })

  test('exports the events of a period given as dates, as report takes it', { timeout: DB_TIMEOUT_MS }, async () => {
    const { db, event } = await fileWithOneEvent('dated.duckdb')
    const inPeriod = run(['export', '--db', db, '--format', 'ndjson', '--from', '2026-10-05', '--to', '2026-10-06'])
    expect(await inPeriod.code).toBe(0)
    expect(JSON.parse(inPeriod.stdout()).messageId).toBe(event.messageId)
    const later = run(['export', '--db', db, '--format', 'ndjson', '--from', '2026-10-06'])
    expect(await later.code).toBe(0)
    expect(later.stdout()).toBe('')
    const inverted = run(['export', '--db', db, '--format', 'ndjson', '--from', '2026-10-06', '--to', '2026-10-05'])
    expect(await inverted.code).toBe(2)
    expect(inverted.stderr()).toContain('--from must be before --to')
  })

  test('reads a duckdb: prefix in --db alike in export, report and erase', { timeout: DB_TIMEOUT_MS }, async () => {
    const { db, event } = await fileWithOneEvent('prefixed.duckdb', 'duckdb:')
    const exported = run(['export', '--db', db, '--format', 'ndjson'])
    expect(await exported.code).toBe(0)
    expect(JSON.parse(exported.stdout()).messageId).toBe(event.messageId)
    const report = run(['report', '--db', db, '--format', 'json'])
    expect(await report.code).toBe(0)
    expect(JSON.parse(report.stdout()).totals.sessions).toBe(1)
    const erased = run(['erase', '--db', db, '--anonymous-id', 'prefixed'])
    expect(await erased.code).toBe(0)
    expect(erased.stdout()).toContain('erased 1 event of anonymousId prefixed')
    expect(existsSync(db)).toBe(false)
  })

  test('says that --db :memory: holds nothing to export, report or erase', async () => {
    for (const argv of [['export', '--format', 'ndjson'], ['report'], ['erase', '--user-id', 'u-1']]) {
      const cli = run([...argv, '--db', ':memory:'])
      expect(await cli.code).toBe(1)
      expect(cli.stderr()).toContain('--db :memory: is a new, empty database')
    }
  })

  test('says why serve cannot listen, and exits 1', { timeout: DB_TIMEOUT_MS }, async () => {
    const stop = new AbortController()
    const first = run(['serve', '--port', '0', '--db', join(dir, 'first.duckdb')], stop.signal)
    const port = new URL(await listeningUrl(first.stdout)).port
    const second = run(['serve', '--port', port, '--db', join(dir, 'second.duckdb')])
    expect(await second.code).toBe(1)
    expect(second.stderr()).toContain(`cannot listen on 127.0.0.1:${port}`)
    stop.abort()
    expect(await first.code).toBe(0)
  })
})

describe.each(STORE_KINDS)('serve and export on %s', (kind) => {
  test('serve answers /healthz and /collect, stops on the signal, and export writes what it stored', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = await databases.dbUrl(kind)
    const stop = new AbortController()
    const serve = run(['serve', '--port', '0', '--db', db, '--allowed-origins', 'https://shop.example, https://www.shop.example'], stop.signal)
    const url = await listeningUrl(serve.stdout)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', store: kind })
    const events = [pageEvent(), pageEvent()]
    const answer = await fetch(`${url}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://www.shop.example' },
      body: JSON.stringify(batchOf(events)),
    })
    expect(await answer.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    stop.abort()
    expect(await serve.code).toBe(0)
    expect(serve.stdout()).toContain('touchtrail-collector: stopped')

    const out = join(dir, `${kind}.ndjson`)
    const exported = run(['export', '--db', db, '--format', 'ndjson', '--out', out])
    expect(await exported.code).toBe(0)
    expect(exported.stderr()).toContain(`exported 2 events to ${out}`)
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line).messageId)
    expect(ids.sort()).toEqual(events.map((e) => e.messageId).sort())
    const store = await createStore(db)
    try {
      expect(await countEvents(store)).toBe(2)
    } finally {
      await store.close()
    }
  })
})

describe.each(STORE_KINDS)('erase on %s', (kind) => {
  test('erase deletes every event of a visitor, by anonymous id or user id, and says how many', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = await databases.dbUrl(kind)
    const store = await createStore(db)
    try {
      const server = await import('./server.js').then((m) => m.createServer({ db: store, dashboard: false }))
      const send = (events: Record<string, unknown>[]) =>
        server.app.inject({ method: 'POST', url: '/collect', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(batchOf(events)) })
      await send([
        pageEvent({ anonymousId: 'jane-browser' }),
        pageEvent({ anonymousId: 'jane-browser', userId: 'jane' }),
        pageEvent({ anonymousId: 'jane-phone', userId: 'jane' }),
        pageEvent({ anonymousId: 'someone-else' }),
      ])
      await server.close()
    } finally {
      await store.close()
    }
    const byUser = run(['erase', '--db', db, '--user-id', 'jane', '--anonymous-id', 'jane-browser'])
    expect(await byUser.code).toBe(0)
    expect(byUser.stdout()).toBe('touchtrail-collector: erased 3 events of anonymousId jane-browser or userId jane\n')
    const again = run(['erase', '--db', db, '--user-id', 'jane'])
    expect(await again.code).toBe(0)
    expect(again.stdout()).toContain('erased 0 events')
    const nobody = run(['erase', '--db', db])
    expect(await nobody.code).toBe(2)
    expect(nobody.stderr()).toContain('erase needs --anonymous-id or --user-id')
    const check = await createStore(db)
    try {
      expect(await countEvents(check)).toBe(1)
    } finally {
      await check.close()
    }
  })
})

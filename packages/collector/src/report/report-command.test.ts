// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../main.js'
import { createServer } from '../server.js'
import { batchOf, pageEvent, trackEvent } from '../test/events.js'
import { DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from '../test/stores.js'

const databases = useDatabases()
const dir = mkdtempSync(join(tmpdir(), 'touchtrail-report-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(argv: string[]) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (c: Buffer) => out.push(c.toString()))
  stderr.on('data', (c: Buffer) => err.push(c.toString()))
  const code = main(argv, { stdout, stderr, env: {} })
  return { code, stdout: () => out.join(''), stderr: () => err.join('') }
}

interface Touch {
  campaign: Record<string, string>
  touchpoint: Record<string, string>
}
const EMAIL: Touch = { campaign: { source: 'newsletter', medium: 'email', name: 'spring' }, touchpoint: { channel: 'Email', referrerCategory: 'email' } }
const DIRECT: Touch = { campaign: { source: '(direct)', medium: '(none)' }, touchpoint: { channel: 'Direct', referrerCategory: 'direct' } }

/** A visitor's event at an ISO time, in a session that began at `sessionAt`, on `site`. */
function wire(kind: 'page' | string, anonymousId: string, at: string, sessionAt: string, touch: Touch, site: string, properties: Record<string, unknown> = {}) {
  const base = kind === 'page' ? pageEvent() : trackEvent(kind)
  const context = base.context as Record<string, unknown>
  return {
    ...base,
    anonymousId,
    timestamp: at,
    properties,
    context: { ...context, ...touch, site, sessionId: Date.parse(sessionAt), sessionStart: at === sessionAt || undefined },
  }
}

/** Two visitors on demo-shop in October (one buys through the newsletter), one on another shop. */
async function fill(db: string): Promise<void> {
  const server = await createServer({ db, rateLimitPerMinute: 0 })
  const events = [
    wire('page', 'ann', '2026-10-05T08:00:00.000Z', '2026-10-05T08:00:00.000Z', EMAIL, 'demo-shop'),
    wire('purchase', 'ann', '2026-10-05T08:05:00.000Z', '2026-10-05T08:00:00.000Z', EMAIL, 'demo-shop', { value: 50, currency: 'EUR', transaction_id: 'T-1' }),
    wire('page', 'bob', '2026-10-20T10:00:00.000Z', '2026-10-20T10:00:00.000Z', DIRECT, 'demo-shop'),
    wire('qr_scan', 'bob', '2026-10-20T10:00:00.000Z', '2026-10-20T10:00:00.000Z', DIRECT, 'demo-shop', { code: 'BOOTH-1' }),
    wire('page', 'cid', '2026-10-21T10:00:00.000Z', '2026-10-21T10:00:00.000Z', DIRECT, 'other-shop'),
  ]
  // sentAt left out: the test's timestamps are taken as they are.
  const answer = await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf(events, undefined) })
  expect(answer.json()).toEqual({ accepted: 5, duplicates: 0, rejected: [] })
  // A headless browser crawling the shop: stored, and left out of the report unless --include-bots.
  const crawl = [wire('page', 'crawler', '2026-10-06T03:00:00.000Z', '2026-10-06T03:00:00.000Z', DIRECT, 'demo-shop')]
  const headers = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36' }
  expect((await server.app.inject({ method: 'POST', url: '/collect', payload: batchOf(crawl, undefined), headers })).json().accepted).toBe(1)
  await server.close()
}

describe.each(STORE_KINDS)('touchtrail-collector report on %s', (kind) => {
  test('prints the report of a period and a site as JSON, CSV and tables', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = await databases.dbUrl(kind)
    await fill(db)
    const json = run(['report', '--db', db, '--format', 'json', '--site', 'demo-shop'])
    expect(await json.code).toBe(0)
    const report = JSON.parse(json.stdout())
    // Ann bought (an engaged session); Bob scanned and saw one page (not engaged).
    expect(report.totals).toEqual({
      visitors: 2,
      sessions: 2,
      engagedSessions: 1,
      engagementRate: 0.5,
      conversions: 1,
      revenue: 50,
      conversionRate: 0.5,
      averageOrderValue: 50,
    })
    expect(report.channels.map((c: { channel: string }) => c.channel)).toEqual(['Email', 'Direct'])
    expect(report.notes).toEqual(['1 event of bots and automated browsers (by their user agent) left out'])
    const withBots = run(['report', '--db', db, '--format', 'json', '--site', 'demo-shop', '--include-bots'])
    expect(await withBots.code).toBe(0)
    expect(JSON.parse(withBots.stdout()).totals).toMatchObject({ visitors: 3, sessions: 3 })

    const october = run(['report', '--db', db, '--format', 'csv', '--from', '2026-10-10', '--to', '2026-11-01'])
    expect(await october.code).toBe(0)
    // Bob on demo-shop and Cid on other-shop, after the 10th.
    expect(october.stdout().split('\n')).toEqual(expect.arrayContaining(['section,key,metric,value', 'totals,,visitors,2', 'totals,,conversions,0']))

    const table = run(['report', '--db', db, '--half-life-days', '3.5'])
    expect(await table.code).toBe(0)
    expect(table.stdout()).toContain('time decay half-life 3.5 days')
    expect(table.stdout()).toMatch(/Email\s+1\s+1\s+100%\s+1\s+€50\.00\s+100%/)
  })
})

describe('touchtrail-collector report', () => {
  test('labels QR codes from the manifest and maps phases from a file', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = join(dir, 'labels.duckdb')
    await fill(db)
    const manifest = join(dir, 'manifest.json')
    writeFileSync(manifest, JSON.stringify({ format: 'touchtrail-qr', version: 1, placements: { 'BOOTH-1': { code: 'BOOTH-1', kind: 'booth', location: 'Hall 4' } } }))
    const phases = join(dir, 'phases.json')
    writeFileSync(phases, JSON.stringify({ purchase: 'advocacy' }))
    const cli = run(['report', '--db', db, '--format', 'json', '--qr-manifest', manifest, '--phases', phases])
    expect(await cli.code).toBe(0)
    const report = JSON.parse(cli.stdout())
    expect(report.qr.placements).toEqual([
      { code: 'BOOTH-1', kind: 'booth', location: 'Hall 4', scans: 1, sessions: 1, purchases: 0, revenue: 0, inManifest: true },
    ])
    expect(report.journeys.paths[0].steps).toEqual([{ phase: 'advocacy', channel: 'Email' }])
  })

  test.each([
    [['report', '--format', 'pdf'], '--format must be one of table, json, csv', 2],
    [['report', '--from', 'last week'], '--from must be a date such as 2026-10-01', 2],
    [['report', '--from', '2026-11-01', '--to', '2026-10-01'], '--from must be before --to', 2],
    [['report', '--half-life-days', '0'], '--half-life-days must be a number above 0', 2],
    [['report', '--db', '/nonexistent/x.duckdb'], 'no DuckDB file at /nonexistent/x.duckdb', 1],
    [['report', '--qr-manifest', '/nonexistent/manifest.json'], 'cannot read the QR manifest', 1],
  ])('refuses %j and says why', async (argv, message, code) => {
    const cli = run(argv as string[])
    expect(await cli.code).toBe(code)
    expect(cli.stderr()).toContain(message)
  })
})

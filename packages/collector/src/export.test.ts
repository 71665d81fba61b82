// @vitest-environment node
import { DuckDBInstance } from '@duckdb/node-api'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { enrichEvent } from './enrich.js'
import { exportEvents } from './export.js'
import type { TouchpointEvent } from './schema.js'
import type { Store, StoredEvent } from './store/types.js'
import { IPHONE_UA, pageEvent, trackEvent } from './test/events.js'
import { DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

const databases = useDatabases()
const dir = mkdtempSync(join(tmpdir(), 'touchtrail-export-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const START = Date.parse('2026-11-23T07:00:00.000Z')
const tricky = 'comma, "quote", new\nline'
const rows: StoredEvent[] = [
  pageEvent({ messageId: 'e1', name: tricky }),
  trackEvent('add_to_cart', { messageId: 'e2' }),
  trackEvent('purchase', { messageId: 'e3', userId: 'u-1' }),
].map((event, i) => enrichEvent(event as unknown as TouchpointEvent, START + i * 60_000, { receivedAtMs: START + 5 * 60_000, userAgent: IPHONE_UA }))

/** Reads a file back with DuckDB's own readers, as a warehouse loader would. */
async function readWithDuckDb(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS()
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

describe.each(STORE_KINDS)('export from %s', (kind) => {
  let store: Store
  beforeAll(async () => {
    store = await databases.openStore(kind)
    await store.insert([...rows].reverse())
  }, DB_TIMEOUT_MS)

  test('writes NDJSON: one stored event per line, oldest first', async () => {
    const file = join(dir, `${kind}.ndjson`)
    expect(await exportEvents(store, { format: 'ndjson', out: file })).toBe(3)
    const lines = readFileSync(file, 'utf8').split('\n')
    expect(lines.pop()).toBe('')
    const events = lines.map((line) => JSON.parse(line))
    expect(events).toEqual(rows.map((r) => JSON.parse(r.json)))
    expect(events[0]).toMatchObject({ messageId: 'e1', name: tricky, receivedAt: '2026-11-23T07:05:00.000Z', context: { os: { name: 'iOS' } } })
  })

  test('writes NDJSON to a stream and leaves it open', async () => {
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    expect(await exportEvents(store, { format: 'ndjson', out, from: new Date(START + 60_000) })).toBe(2)
    expect(out.writableEnded).toBe(false)
    expect(Buffer.concat(chunks).toString('utf8').trim().split('\n').map((l) => JSON.parse(l).messageId)).toEqual(['e2', 'e3'])
  })

  test('writes CSV with a header, quoting what needs quoting', async () => {
    const file = join(dir, `${kind}.csv`)
    expect(await exportEvents(store, { format: 'csv', out: file })).toBe(3)
    expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(
      'message_id,type,event,anonymous_id,user_id,timestamp,sent_at,received_at,session_id,site,page_url,page_path,page_referrer,' +
        'campaign_source,campaign_medium,campaign_name,campaign_term,campaign_content,channel,browser_name,browser_version,' +
        'os_name,os_version,device_type,payload',
    )
    const back = await readWithDuckDb(`SELECT message_id, event, user_id, timestamp, payload FROM read_csv('${file}', header = true) ORDER BY message_id`)
    expect(back.map((r) => [r.message_id, r.event, r.user_id])).toEqual([
      ['e1', null, null],
      ['e2', 'add_to_cart', null],
      ['e3', 'purchase', 'u-1'],
    ])
    expect(JSON.parse(back[0].payload as string).name).toBe(tricky)
    expect((back[2].timestamp as Date).toISOString()).toBe('2026-11-23T07:02:00.000Z')
  })

  test('writes Parquet that DuckDB reads back with its types', async () => {
    const file = join(dir, `${kind}.parquet`)
    expect(await exportEvents(store, { format: 'parquet', out: file, to: new Date(START + 120_000) })).toBe(2)
    const back = await readWithDuckDb(`SELECT * FROM read_parquet('${file}') ORDER BY timestamp`)
    expect(back.map((r) => r.message_id)).toEqual(['e1', 'e2'])
    expect(back[1]).toMatchObject({
      type: 'track',
      event: 'add_to_cart',
      timestamp: new Date(START + 60_000),
      session_id: 1763881200000n,
      campaign_source: 'newsletter',
      device_type: 'mobile',
    })
    expect(JSON.parse(back[1].payload as string).properties.currency).toBe('EUR')
  })
})

// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest'
import { createServer, type CollectorServer } from './server.js'
import { batchOf, pageEvent, trackEvent } from './test/events.js'
import { DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

const databases = useDatabases()
const running: CollectorServer[] = []
afterEach(async () => {
  for (const server of running.splice(0)) await server.close()
})

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'
const DAY = 86_400_000

describe.each(STORE_KINDS)('cookieless ingest on %s', (kind) => {
  test('groups a cookieless visitor’s pages under one daily key, a new one the next day, and stores no IP', { timeout: DB_TIMEOUT_MS }, async () => {
    let now = Date.UTC(2026, 10, 23, 9)
    const server = await createServer({ db: await databases.dbUrl(kind), cookielessSecret: 'test-secret', now: () => now })
    running.push(server)
    const send = (anonymousId: string, events: Record<string, unknown>[], ip = '203.0.113.7') => {
      const ctx = { ...(pageEvent().context as object), cookieless: true, sessionId: now }
      const batch = events.map((e) => ({ ...e, anonymousId, timestamp: new Date(now).toISOString(), context: ctx }))
      return server.app.inject({
        method: 'POST',
        url: '/collect',
        remoteAddress: ip,
        headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA },
        payload: JSON.stringify({ ...batchOf(batch), sentAt: new Date(now).toISOString() }),
      })
    }
    // Three pages, each with its own per-page id, as the SDK sends them without storage.
    expect((await send('page-1', [pageEvent()])).json().accepted).toBe(1)
    now += 60_000
    expect((await send('page-2', [pageEvent(), trackEvent('add_to_cart')])).json().accepted).toBe(2)
    now += 60_000
    await send('page-3', [pageEvent()])
    // Another visitor behind another address.
    await send('page-x', [pageEvent()], '198.51.100.1')
    // The next day, the first visitor again.
    now += DAY
    await send('page-4', [pageEvent()])

    const rows = await server.store.query('SELECT anonymous_id AS id, CAST(payload AS TEXT) AS json FROM events ORDER BY timestamp')
    const ids = rows.map((r) => String(r.id))
    expect(ids.slice(0, 4).every((id) => id == ids[0])).toBe(true)
    expect(ids[0]).toMatch(/^cl_[0-9a-f]{32}$/)
    expect(ids[4]).not.toBe(ids[0])
    expect(ids[5]).not.toBe(ids[0])
    expect(ids[5]).toMatch(/^cl_/)
    expect(rows.some((r) => String(r.json).includes('203.0.113.7') || String(r.json).includes('page-1'))).toBe(false)
  })
})

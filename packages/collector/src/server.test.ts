// @vitest-environment node
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, test } from 'vitest'
import { createServer, type CollectorServer, type ServerOptions } from './server.js'
import { createStore } from './store/index.js'
import { IPHONE_UA, batchOf, pageEvent, trackEvent } from './test/events.js'
import { post } from './test/http.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

const databases = useDatabases()
const running: CollectorServer[] = []
afterEach(async () => {
  for (const server of running.splice(0)) await server.close()
})

describe.each(STORE_KINDS)('collector on %s', (kind) => {
  async function start(options: Omit<ServerOptions, 'db'> = {}): Promise<CollectorServer> {
    const server = await createServer({ db: await databases.dbUrl(kind), ...options })
    running.push(server)
    return server
  }
  const collect = (server: CollectorServer, body: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })

  test('stores a batch, enriched, and answers accepted, duplicates and rejected', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const page = pageEvent({ context: { ...(pageEvent().context as object), ip: '203.0.113.9' } })
    const track = trackEvent('add_to_cart')
    const answer = await collect(server, batchOf([page, { type: 'track', messageId: 'no-name', anonymousId: 'a' }, track]), {
      'user-agent': IPHONE_UA,
      'x-forwarded-for': '198.51.100.7',
    })
    expect(answer.statusCode).toBe(200)
    expect(answer.json()).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [{ index: 1, reason: "event: must have required property 'event'" }],
    })
    const [stored] = await server.store.query('SELECT * FROM events WHERE message_id = $1', [page.messageId])
    expect(stored).toMatchObject({
      type: 'page',
      anonymous_id: 'anon-1',
      site: 'shop-1',
      page_path: '/p/run-1',
      campaign_source: 'newsletter',
      campaign_medium: 'email',
      channel: 'Email',
      session_id: 1763881200000,
      browser_name: 'Mobile Safari',
      os_name: 'iOS',
      device_type: 'mobile',
    })
    const payload = JSON.parse(stored.payload as string)
    expect(payload.context.device).toEqual({ type: 'mobile', vendor: 'Apple', model: 'iPhone' })
    expect(payload.receivedAt).toBe((stored.received_at as Date).toISOString())
    // No IP address anywhere: not the one in context, not the one the request came from.
    const dump = JSON.stringify(await server.store.query('SELECT * FROM events'))
    expect(dump).not.toContain('203.0.113.9')
    expect(dump).not.toContain('198.51.100.7')
    expect(dump).not.toContain('127.0.0.1')
  })

  test('corrects the client clock skew from sentAt', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    // The client's clock is two hours behind: its "now" is two hours ago.
    const clientNow = Date.now() - 2 * 3_600_000
    const event = pageEvent({ timestamp: new Date(clientNow - 60_000).toISOString() })
    const before = Date.now()
    await collect(server, batchOf([event], new Date(clientNow).toISOString()))
    const [stored] = await server.store.query('SELECT timestamp, sent_at, payload FROM events')
    const corrected = (stored.timestamp as Date).getTime()
    expect(corrected).toBeGreaterThanOrEqual(before - 60_000)
    expect(corrected).toBeLessThanOrEqual(Date.now() - 60_000)
    expect((stored.sent_at as Date).getTime()).toBe(clientNow)
    expect(JSON.parse(stored.payload as string).originalTimestamp).toBe(event.timestamp)
  })

  test('stores an event once across batches and within one batch', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const a = pageEvent()
    const b = trackEvent()
    expect((await collect(server, batchOf([a, b, a]))).json()).toEqual({ accepted: 2, duplicates: 1, rejected: [] })
    expect((await collect(server, batchOf([b, pageEvent(), a]))).json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] })
    expect(await countEvents(server.store)).toBe(3)
  })

  test('stores each id once when concurrent batches overlap', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const shared = Array.from({ length: 10 }, () => pageEvent())
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => collect(server, batchOf([...shared, pageEvent(), pageEvent()]))),
    )
    const totals = answers.map((a) => a.json()).reduce((t, a) => ({ accepted: t.accepted + a.accepted, duplicates: t.duplicates + a.duplicates }))
    expect(totals).toEqual({ accepted: 10 + 24, duplicates: 11 * 10 })
    expect(await countEvents(server.store)).toBe(34)
  })

  test('accepts text/plain, application/json, no content type, and gzip', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    for (const headers of [{ 'content-type': 'text/plain;charset=UTF-8' }, { 'content-type': 'application/json' }]) {
      expect((await collect(server, batchOf([pageEvent()]), headers)).json().accepted).toBe(1)
    }
    const bare = await server.app.inject({ method: 'POST', url: '/collect', payload: Buffer.from(JSON.stringify(batchOf([pageEvent()]))) })
    expect(bare.json().accepted).toBe(1)
    const gzipped = await server.app.inject({
      method: 'POST',
      url: '/collect',
      headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(batchOf([pageEvent(), pageEvent()]))),
    })
    expect(gzipped.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    expect(await countEvents(server.store)).toBe(5)
  })

  test('answers any origin by default, exposing Retry-After, and answers preflight', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const answer = await collect(server, batchOf([pageEvent()]), { origin: 'https://shop.example' })
    expect(answer.headers['access-control-allow-origin']).toBe('https://shop.example')
    expect(answer.headers['access-control-expose-headers']).toBe('Retry-After')
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/collect',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-write-key' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example')
    expect(preflight.headers['access-control-allow-methods']).toContain('POST')
    expect(preflight.headers['access-control-allow-headers']).toContain('X-Write-Key')
  })

  test('refuses origins outside allowedOrigins with 403 and stores nothing from them', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start({ allowedOrigins: ['https://shop.example'] })
    const allowed = await collect(server, batchOf([pageEvent()]), { origin: 'https://shop.example' })
    expect(allowed.statusCode).toBe(200)
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example')
    const other = await collect(server, batchOf([pageEvent()]), { origin: 'https://evil.example' })
    expect(other.statusCode).toBe(403)
    expect(other.json().reason).toBe('origin https://evil.example is not allowed')
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    // Server-to-server requests carry no Origin and are judged by the write key (none here).
    expect((await collect(server, batchOf([pageEvent()]))).statusCode).toBe(200)
    expect(await countEvents(server.store)).toBe(2)
  })

  test('takes the write key from the header, the query or Basic auth, and refuses others', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start({ writeKey: 'k-123' })
    const withKey = async (headers: Record<string, string>, query = '') =>
      server.app.inject({ method: 'POST', url: `/collect${query}`, headers: { 'content-type': 'text/plain', ...headers }, payload: JSON.stringify(batchOf([pageEvent()])) })
    expect((await withKey({ 'x-write-key': 'k-123' })).statusCode).toBe(200)
    expect((await withKey({}, '?writeKey=k-123')).statusCode).toBe(200)
    expect((await withKey({ authorization: `Basic ${Buffer.from('k-123:').toString('base64')}` })).statusCode).toBe(200)
    const missing = await withKey({})
    expect([missing.statusCode, missing.json().reason]).toEqual([401, 'write key missing: send X-Write-Key or ?writeKey='])
    const wrong = await withKey({ 'x-write-key': 'k-124' })
    expect([wrong.statusCode, wrong.json().reason]).toEqual([401, 'write key is wrong'])
    expect(await countEvents(server.store)).toBe(3)
  })

  test('limits each client IP and says when to retry, readable cross-origin', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start({ rateLimitPerMinute: 3 })
    const from = (ip: string) =>
      server.app.inject({
        method: 'POST',
        url: '/collect',
        remoteAddress: ip,
        headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
        payload: JSON.stringify(batchOf([pageEvent()])),
      })
    for (let i = 0; i < 3; i++) expect((await from('192.0.2.1')).statusCode).toBe(200)
    const limited = await from('192.0.2.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBe('20')
    expect(limited.json().reason).toBe('rate limit of 3 requests per minute exceeded; retry after 20 s')
    expect(limited.headers['access-control-allow-origin']).toBe('https://shop.example')
    expect(limited.headers['access-control-expose-headers']).toBe('Retry-After')
    expect((await from('192.0.2.2')).statusCode).toBe(200)
    expect(await countEvents(server.store)).toBe(4)
  })

  test('reports health and the store in use', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const health = await server.app.inject({ method: 'GET', url: '/healthz' })
    expect([health.statusCode, health.json()]).toEqual([200, { status: 'ok', store: kind }])
  })

  test('answers 503 with Retry-After when the store fails, and stores nothing of the batch', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    const server = await createServer({ db: store })
    running.push(server)
    await store.close()
    const answer = await collect(server, batchOf([pageEvent()]))
    expect(answer.statusCode).toBe(503)
    expect(answer.headers['retry-after']).toBe('5')
    expect(answer.json().reason).toBe('could not store the batch; nothing of it was stored, retry later')
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503)
  })

  test('writes the batches in flight before it shuts down', { timeout: DB_TIMEOUT_MS }, async () => {
    const url = await databases.dbUrl(kind)
    const server = await createServer({ db: url, rateLimitPerMinute: 0 })
    // Hold every request before its handler until all twenty have arrived and shutdown has begun.
    let arrived = 0
    let allArrived!: () => void
    let letThrough!: () => void
    const arrivedAll = new Promise<void>((resolve) => (allArrived = resolve))
    const shutdownBegun = new Promise<void>((resolve) => (letThrough = resolve))
    server.app.addHook('preHandler', async () => {
      if (++arrived === 20) allArrived()
      await shutdownBegun
    })
    const base = await server.listen({ port: 0 })
    const prefix = randomUUID()
    const answers = Array.from({ length: 20 }, (_, i) =>
      post(`${base}/collect`, Buffer.from(JSON.stringify(batchOf(Array.from({ length: 50 }, (_, j) => pageEvent({ messageId: `${prefix}-${i}-${j}` }))))), {
        'content-type': 'text/plain',
      }),
    )
    await arrivedAll
    const closed = server.close()
    letThrough()
    const results = await Promise.all(answers)
    await closed
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(results.reduce((n, r) => n + JSON.parse(r.body).accepted, 0)).toBe(1000)
    // Reopen the database: everything acknowledged is on disk.
    const check = await createStore(url)
    try {
      expect(await countEvents(check, prefix)).toBe(1000)
    } finally {
      await check.close()
    }
  })

  test('answers unknown routes with 404 and the route to use', { timeout: DB_TIMEOUT_MS }, async () => {
    const server = await start()
    const missing = await server.app.inject({ method: 'GET', url: '/collect?x=1' })
    expect([missing.statusCode, missing.json().reason]).toEqual([404, 'no route GET /collect; use POST /collect'])
  })
})

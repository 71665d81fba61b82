// @vitest-environment node
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer, type CollectorServer } from './server.js'
import { batchOf, pageEvent, trackEvent } from './test/events.js'
import { post } from './test/http.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

/** One hostile or broken request and exactly what the collector must answer. */
interface Case {
  name: string
  /** The request body: an object is sent as JSON text. */
  body: unknown
  headers?: Record<string, string>
  /** Over a real socket: the body is too large for `inject`, or the bytes on the wire matter. */
  socket?: boolean
  status: number
  /** For a refused body, a substring of its reason; for a batch, of the reason of the rejected event. */
  reason?: string
  /** For a batch: the answer's counts, and the indexes of the rejected events. */
  accepted?: number
  duplicates?: number
  rejectedIndexes?: number[]
  /** Further checks on the database after the request. */
  check?: (server: CollectorServer) => Promise<void>
}

const SQL = `'; DROP TABLE events; -- " \\ % _ $1 ? \` ) ; /* */ \n UNION SELECT`
const HOUR = 3_600_000
const MB = 1024 * 1024

/** A valid event followed by a bad one: the valid one must be stored whatever happens to the bad one. */
const mixed = (bad: unknown, sentAt?: string) => batchOf([pageEvent(), bad], sentAt)
/** The stored event JSON of `messageId`, as the database returns it. */
const stored = async (server: CollectorServer, messageId: string) =>
  JSON.parse((await server.store.query(`SELECT payload FROM events WHERE message_id = '${messageId}'`))[0].payload as string)
const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`)
const eventWith = (json: string) =>
  `{"batch":[${JSON.stringify(pageEvent())},{"type":"page","messageId":"m-json","anonymousId":"a","properties":${json}}]}`

const sqlEvent = pageEvent({
  messageId: `sql-${SQL}`,
  anonymousId: SQL,
  userId: SQL,
  name: SQL,
  properties: { [SQL]: SQL },
  context: {
    site: SQL,
    page: { url: SQL, path: SQL, referrer: SQL, title: SQL, search: SQL },
    campaign: { source: SQL, medium: SQL, name: SQL, term: SQL, content: SQL },
    touchpoint: { channel: SQL },
  },
})
const duplicate = pageEvent()
const mixedBatch = [pageEvent(), 42, trackEvent(), { type: 'track', messageId: 'x', anonymousId: 'a' }, pageEvent(), { type: 'page' }, trackEvent()]

const CASES: Case[] = [
  // Bodies that are not a batch: the whole request is refused and nothing is stored.
  { name: 'not JSON', body: '{"batch": [', status: 400, reason: 'body is not JSON' },
  { name: 'an empty body', body: '', status: 400, reason: 'body is empty' },
  { name: 'a JSON array instead of a batch', body: [pageEvent()], status: 400, reason: 'body is not a batch: an array' },
  { name: 'a JSON string', body: '"batch"', status: 400, reason: 'body is not a batch: a string' },
  { name: 'JSON null', body: 'null', status: 400, reason: 'body is not a batch: a null' },
  { name: 'an object without "batch"', body: { events: [pageEvent()] }, status: 400, reason: '"batch" is missing' },
  { name: '"batch" that is not an array', body: { batch: pageEvent() }, status: 400, reason: '"batch" is not an array' },
  { name: 'an invalid sentAt', body: { batch: [pageEvent()], sentAt: 'yesterday' }, status: 400, reason: '"sentAt" is not an ISO 8601' },
  {
    name: 'invalid UTF-8',
    body: Buffer.concat([Buffer.from('{"batch":[{"type":"page","messageId":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","anonymousId":"a"}]}')]),
    status: 400,
    reason: 'body is not valid UTF-8',
  },
  { name: 'a __proto__ key at the top', body: `{"batch":[],"__proto__":{"admin":true}}`, status: 400, reason: 'forbidden key "__proto__"' },
  { name: 'a form content type', body: 'batch=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, reason: 'Content-Type application/x-www-form-urlencoded is not accepted' },
  { name: 'an unsupported content encoding', body: mixed(pageEvent()), headers: { 'content-encoding': 'br' }, status: 415, reason: 'Content-Encoding br is not accepted' },
  { name: 'a batch of 1001 events', body: batchOf(Array.from({ length: 1001 }, () => pageEvent())), status: 413, reason: 'batch has 1001 events, over the limit of 1000' },
  { name: 'a 10 MB body', body: Buffer.alloc(10 * MB, 'a'), socket: true, status: 413, reason: 'body is larger than 1048576 bytes' },
  {
    name: 'a 10 MB body sent chunked, without Content-Length',
    body: Buffer.alloc(10 * MB, ' '),
    headers: { 'transfer-encoding': 'chunked' },
    socket: true,
    status: 413,
    reason: 'body is larger than 1048576 bytes',
  },
  {
    name: 'a gzip bomb (10 KB that inflate to 10 MB)',
    body: gzipSync(Buffer.alloc(10 * MB, ' ')),
    headers: { 'content-encoding': 'gzip' },
    socket: true,
    status: 413,
    reason: 'after decompression',
  },
  { name: 'corrupt gzip', body: Buffer.from('this is not gzip at all'), headers: { 'content-encoding': 'gzip' }, socket: true, status: 400, reason: 'body is not valid gzip' },
  {
    name: 'deep nesting of the whole body (100 000 levels)',
    body: `{"batch":[${JSON.stringify(pageEvent())},{"type":"page","messageId":"deep","anonymousId":"a","properties":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`,
    status: 200,
    accepted: 1,
    rejectedIndexes: [1],
    reason: 'nested deeper than 10 levels',
  },

  // Batches: every event is judged alone; the valid ones are stored, the others rejected with a reason.
  { name: 'an event that is not an object', body: mixed(42), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'event is not an object' },
  { name: 'a messageId of the wrong type', body: mixed(pageEvent({ messageId: 42 })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'messageId: must be string' },
  { name: 'properties of the wrong type', body: mixed(pageEvent({ properties: ['a'] })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties: must be object' },
  { name: 'a negative sessionId', body: mixed(pageEvent({ context: { sessionId: -1 } })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'context.sessionId: must be >= 0' },
  { name: 'an unknown type', body: mixed(pageEvent({ type: 'alias' })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'type: must be equal to one of the allowed values: page, track, identify' },
  { name: 'a missing messageId', body: mixed(pageEvent({ messageId: undefined })), status: 200, accepted: 1, rejectedIndexes: [1], reason: "must have required property 'messageId'" },
  { name: 'no anonymousId and no userId', body: mixed(pageEvent({ anonymousId: undefined })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'event needs an anonymousId or a userId' },
  { name: 'a track event without a name', body: mixed(trackEvent('x', { event: undefined })), status: 200, accepted: 1, rejectedIndexes: [1], reason: "must have required property 'event'" },
  { name: 'a huge string (100 KB)', body: mixed(pageEvent({ properties: { notes: 'x'.repeat(100_000) } })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'over the 32768-byte limit' },
  { name: 'an over-long messageId', body: mixed(pageEvent({ messageId: 'm'.repeat(129) })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'messageId: must NOT have more than 128 characters' },
  {
    name: 'an over-long page URL and title (accepted, cut to the limit, never inside a surrogate pair)',
    body: mixed(pageEvent({ messageId: 'long-text', name: 'n'.repeat(600), context: { page: { url: `https://x/${'a'.repeat(9000)}`, title: `${'t'.repeat(999)}😀 and more` } } })),
    status: 200,
    accepted: 2,
    rejectedIndexes: [],
    check: async (server) => {
      const { name, context } = await stored(server, 'long-text')
      expect([name.length, context.page.url.length, context.page.title]).toEqual([500, 8192, 't'.repeat(999)])
    },
  },
  { name: 'nesting 11 levels deep', body: mixed(pageEvent({ properties: nested(10) })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties.a.a.a.a.a.a.a.a.a: nested deeper than 10 levels' },
  { name: 'a __proto__ key in properties', body: eventWith('{"__proto__":{"isAdmin":true}}'), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties.__proto__: forbidden key' },
  { name: 'a constructor key in context', body: mixed(pageEvent({ context: { constructor: { prototype: 1 } } })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'context.constructor: forbidden key' },
  { name: 'a prototype key in an array item', body: mixed(trackEvent('purchase', { properties: { items: [{ prototype: 'x' }] } })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties.items[0].prototype: forbidden key' },
  {
    name: 'NUL characters and unpaired surrogates in values (accepted, each replaced by U+FFFD)',
    body: mixed(pageEvent({ messageId: 'repaired', properties: { note: 'a\u0000b', list: ['\ud83d', 'ok 😀'] }, context: { page: { title: 'Sale \ud83d' } } })),
    status: 200,
    accepted: 2,
    rejectedIndexes: [],
    check: async (server) => {
      const { properties, context } = await stored(server, 'repaired')
      expect(properties).toEqual({ note: 'a\uFFFDb', list: ['\uFFFD', 'ok 😀'] })
      expect(context.page.title).toBe('Sale \uFFFD')
    },
  },
  { name: 'an unpaired surrogate escape in a value (accepted, repaired)', body: eventWith('{"note":"\\ud800"}'), status: 200, accepted: 2, rejectedIndexes: [] },
  { name: 'a NUL character in a key', body: mixed(pageEvent({ properties: { 'a\u0000b': 1 } })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties: key contains a NUL character' },
  { name: 'an unpaired surrogate in a key', body: eventWith('{"\\udc00":1}'), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'properties: key contains an unpaired UTF-16 surrogate' },
  ...['Mon, 23 Nov 2026 07:00:00 GMT', '2026-11-23T07:00:00', '2026-11-23 07:00:00Z'].map((timestamp) => ({
    name: `a timestamp that is not ISO 8601 with a zone (${timestamp})`,
    body: mixed(pageEvent({ timestamp })),
    status: 200,
    accepted: 1,
    rejectedIndexes: [1],
    reason: 'timestamp: must be an ISO 8601 date-time with a zone (Z or ±hh:mm), like 2026-11-23T07:00:00.000Z',
  })),
  { name: 'a timestamp that is no calendar date', body: mixed(pageEvent({ timestamp: '2026-02-30T07:00:00.000Z' })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'timestamp: not a calendar date-time' },
  {
    name: 'a timestamp far in the future',
    body: mixed(pageEvent({ timestamp: new Date(Date.now() + 50 * HOUR).toISOString() })),
    status: 200,
    accepted: 1,
    rejectedIndexes: [1],
    reason: 'timestamp: 50 h in the future after clock-skew correction',
  },
  {
    name: 'a future timestamp that clock skew explains (accepted, corrected)',
    body: batchOf([pageEvent({ messageId: 'skewed', timestamp: new Date(Date.now() + 72 * HOUR).toISOString() })], new Date(Date.now() + 72 * HOUR).toISOString()),
    status: 200,
    accepted: 1,
    rejectedIndexes: [],
    check: async (server) => {
      const [row] = await server.store.query("SELECT timestamp FROM events WHERE message_id = 'skewed'")
      expect(Math.abs((row.timestamp as Date).getTime() - Date.now())).toBeLessThan(60_000)
    },
  },
  { name: 'a timestamp before 2000', body: mixed(pageEvent({ timestamp: '1970-01-01T00:00:00.000Z' })), status: 200, accepted: 1, rejectedIndexes: [1], reason: 'timestamp: before 2000-01-01' },
  { name: 'duplicate ids in one batch', body: batchOf([duplicate, duplicate, duplicate]), status: 200, accepted: 1, duplicates: 2, rejectedIndexes: [] },
  {
    name: 'SQL metacharacters in every field (stored verbatim)',
    body: batchOf([sqlEvent]),
    status: 200,
    accepted: 1,
    rejectedIndexes: [],
    check: async (server) => {
      const [row] = await server.store.query('SELECT * FROM events WHERE message_id = $1', [`sql-${SQL}`])
      expect(row).toMatchObject({ anonymous_id: SQL, user_id: SQL, site: SQL, page_url: SQL, page_path: SQL, campaign_source: SQL, campaign_content: SQL, channel: SQL })
      expect(JSON.parse(row.payload as string).properties).toEqual({ [SQL]: SQL })
    },
  },
  {
    name: 'a mixed batch of valid and invalid events',
    body: batchOf(mixedBatch),
    status: 200,
    accepted: 4,
    rejectedIndexes: [1, 3, 5],
    check: async (server) => {
      const ids = [0, 2, 4, 6].map((i) => (mixedBatch[i] as { messageId: string }).messageId)
      const rows = await server.store.query('SELECT message_id FROM events WHERE message_id IN ($1, $2, $3, $4)', ids)
      expect(rows.map((r) => r.message_id).sort()).toEqual([...ids].sort())
    },
  },
]

const databases = useDatabases()

describe.each(STORE_KINDS)('bad input on %s', (kind) => {
  let server: CollectorServer
  let base: string
  beforeAll(async () => {
    server = await createServer({ db: await databases.dbUrl(kind), rateLimitPerMinute: 0 })
    base = await server.listen({ port: 0 })
  }, DB_TIMEOUT_MS)
  afterAll(() => server.close())

  test('has at least 25 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25)
  })

  test.each(CASES)('$name → $status', { timeout: DB_TIMEOUT_MS }, async (c) => {
    const before = await countEvents(server.store)
    const body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(typeof c.body === 'string' ? c.body : JSON.stringify(c.body))
    const headers = { 'content-type': 'text/plain;charset=UTF-8', ...c.headers }
    const answer = c.socket
      ? await post(`${base}/collect`, body, headers)
      : await server.app.inject({ method: 'POST', url: '/collect', headers, payload: body }).then((r) => ({ status: r.statusCode, body: r.body }))
    expect(answer.status).toBe(c.status)
    const json = JSON.parse(answer.body)
    if (c.status === 200) {
      expect(json.accepted).toBe(c.accepted)
      expect(json.duplicates).toBe(c.duplicates ?? 0)
      expect(json.rejected.map((r: { index: number }) => r.index)).toEqual(c.rejectedIndexes)
      if (c.reason) expect(json.rejected[0].reason).toContain(c.reason)
      expect(await countEvents(server.store)).toBe(before + c.accepted!)
    } else {
      expect(json.reason).toContain(c.reason)
      expect(await countEvents(server.store)).toBe(before)
    }
    await c.check?.(server)
    // The server is still up and answering over its socket.
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
  })
})

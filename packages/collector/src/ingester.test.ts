// @vitest-environment node
import { fileURLToPath, pathToFileURL } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { build } from 'esbuild'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { connectIngester, createIngester, serveIngest, type Ingester, type IngestSettings } from './ingester.js'
import { batchOf, IPHONE_UA, pageEvent, trackEvent } from './test/events.js'

const SETTINGS: IngestSettings = { maxBatchEvents: 5, cookielessSecret: 'test-secret' }
const AT = Date.parse('2026-11-23T07:00:00.000Z')
const REQUEST = { receivedAtMs: AT, userAgent: IPHONE_UA, ip: '203.0.113.7' }
const bytes = (body: unknown) => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))

/**
 * Valid, invalid, a repeat within the batch, and a cookieless event whose id the visitor key replaces.
 * Dated by the request's clock, not today's: an event days after its batch was sent is one from the future.
 */
const timestamp = new Date(AT - 3000).toISOString()
const MIXED = bytes(
  batchOf(
    [
      pageEvent({ messageId: 'm-1', timestamp }),
      { type: 'track', messageId: 'm-2', anonymousId: 'a' },
      pageEvent({ messageId: 'm-1', timestamp }),
      trackEvent('add_to_cart', { messageId: 'm-3', timestamp, context: { cookieless: true, site: 'shop-1' } }),
    ],
    new Date(AT - 2000).toISOString(),
  ),
)

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const closable of open.splice(0)) await closable.close()
})

/** The worker's side and the server's side over a MessageChannel, on this thread: the protocol without a thread. */
function overChannel() {
  const { port1, port2 } = new MessageChannel()
  serveIngest(port1, SETTINGS)
  open.push(port1, port2)
  return connectIngester(port2)
}

describe('over the worker protocol', () => {
  test('prepares a batch exactly as the calling thread does', async () => {
    const local = createIngester({ ...SETTINGS, worker: false })
    const expected = await local.prepare(MIXED, REQUEST)
    expect(expected.rows.map((row) => row.messageId)).toEqual(['m-1', 'm-3'])
    expect(expected).toMatchObject({ duplicates: 1, rejected: [{ index: 1, reason: "event: must have required property 'event'" }] })
    expect(expected.rows[1].anonymousId).toMatch(/^cl_/)
    expect(await overChannel().prepare(MIXED, REQUEST)).toEqual(expected)
  })

  test.each([
    ['not JSON', bytes('{"batch": ['), 400, 'body is not JSON'],
    ['no body', undefined, 400, 'body is empty'],
    ['more events than allowed', bytes(batchOf(Array.from({ length: 6 }, () => pageEvent()))), 413, 'over the limit of 5'],
  ])('answers a body that is %s with its status and reason', async (_name, body, status, reason) => {
    const failure = overChannel().prepare(body, REQUEST)
    await expect(failure).rejects.toMatchObject({ statusCode: status, expose: true })
    await expect(failure).rejects.toThrow(reason)
  })
})

describe('on a worker thread', () => {
  // The worker script built from the sources, as the package build does, next to nothing else.
  const script = pathToFileURL(fileURLToPath(new URL('../node_modules/.cache/touchtrail-ingester-test/ingest-worker.mjs', import.meta.url)))
  beforeAll(async () => {
    const entry = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url))
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: fileURLToPath(script), logLevel: 'silent' })
  }, 60_000)

  function start(worker: URL): Ingester {
    const ingester = createIngester({ ...SETTINGS, worker })
    open.push(ingester)
    return ingester
  }

  test('prepares batches in order and reports errors, then stops', async () => {
    const ingester = start(script)
    const local = createIngester({ ...SETTINGS, worker: false })
    const [mixed, broken, again] = await Promise.allSettled([
      ingester.prepare(MIXED, REQUEST),
      ingester.prepare(bytes('[1, 2]'), REQUEST),
      ingester.prepare(MIXED, { ...REQUEST, receivedAtMs: AT + 1000 }),
    ])
    expect(mixed).toEqual({ status: 'fulfilled', value: await local.prepare(MIXED, REQUEST) })
    expect(broken).toMatchObject({ status: 'rejected', reason: { statusCode: 400, message: expect.stringContaining('an array') } })
    expect(again).toMatchObject({ status: 'fulfilled', value: { duplicates: 1 } })
    await ingester.close()
  })

  test('answers 503 with Retry-After for the batches of a worker that died, and starts another for the next', async () => {
    const ingester = start(new URL('data:text/javascript,process.exit(3)'))
    for (const attempt of [1, 2]) {
      await expect(ingester.prepare(MIXED, REQUEST), `attempt ${attempt}`).rejects.toMatchObject({
        statusCode: 503,
        headers: { 'retry-after': '5' },
        cause: { message: 'the ingest worker exited with code 3' },
      })
    }
  })
})

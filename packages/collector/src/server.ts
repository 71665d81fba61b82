import { randomBytes } from 'node:crypto'
import cors from '@fastify/cors'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { registerDashboard, type DashboardOptions } from './dashboard/routes.js'
import { createGuard } from './guard.js'
import { decodeBody } from './decode-body.js'
import { drainBody } from './drain-body.js'
import { errorAnswer } from './error-answer.js'
import { storeBatch } from './ingest.js'
import { createIngester } from './ingester.js'
import { createStore } from './store/index.js'
import type { Store } from './store/types.js'
import { createWriteQueue } from './write-queue.js'

/** Options of {@link createServer}; every one has a default that works out of the box. */
export interface ServerOptions {
  /**
   * Where events go: a DuckDB file path, a `postgres://` URL, or an open {@link Store} (which the caller then
   * closes). A store the server opened itself it also closes.
   * @default './touchtrail.duckdb'
   */
  db?: string | Store
  /**
   * Origins allowed to send from a browser (`https://shop.example`). Unset, any origin may: beacons come from the
   * shops' own origins, which a collector rarely knows in advance. Set, other origins get 403.
   */
  allowedOrigins?: readonly string[]
  /** When set, a batch must carry it (`X-Write-Key` header, `?writeKey=` query, or Basic auth user). */
  writeKey?: string
  /** The largest body, after decompression; larger gets 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number
  /** The most events in one batch; more gets 413, so the client splits. @default 1000 */
  maxBatchEvents?: number
  /** `POST /collect` requests one client (IP address) may make per minute; 0 turns the limit off. @default 600 */
  rateLimitPerMinute?: number
  /** Take the client address from `X-Forwarded-For` (behind a reverse proxy only). @default false */
  trustProxy?: boolean
  /** fastify's logger option. @default false */
  logger?: FastifyServerOptions['logger']
  /**
   * `GET /dashboard` and `GET /api/report` for marketers (see `DashboardOptions`); `false` leaves them out.
   * @default {} (on, for this machine's browsers only)
   */
  dashboard?: DashboardOptions | false
  /**
   * The collector's clock in epoch ms: when a batch arrived, which clock-skew correction measures against. The
   * demo's simulation moves it together with the browsers' clocks. @default Date.now
   */
  now?: () => number
  /**
   * The secret behind cookieless visitor keys (events with `context.cookieless`): a visitor is one key
   * per site and UTC day, derived from it, the IP address and the user agent; the IP is never stored.
   * Set it so a restart keeps the day's keys. @default the TOUCHTRAIL_SECRET environment variable, else random per start
   */
  cookielessSecret?: string
  /**
   * Parse, validate and enrich batches on a worker thread, so that the main thread only answers HTTP and writes to
   * the database, and ingest uses two cores. Runs on the main thread from the TypeScript sources (tests), which a
   * worker cannot load. @default true
   */
  ingestWorker?: boolean
}

/** A collector made by {@link createServer}. */
export interface CollectorServer {
  /** The fastify instance: `app.inject()` in tests, more routes for the report and dashboard. */
  app: FastifyInstance
  /** The store events are written to. */
  store: Store
  /** Starts listening and resolves to the base URL, such as `http://127.0.0.1:8787`. */
  listen(options?: { host?: string; port?: number }): Promise<string>
  /**
   * Graceful shutdown: stops accepting requests, lets the ones in flight finish (their batches are written),
   * then closes the store if the server opened it.
   */
  close(): Promise<void>
}

/** Default listening address: loopback only, so nothing is exposed until asked for. */
export const DEFAULT_HOST = '127.0.0.1'
/** Default port. */
export const DEFAULT_PORT = 8787

/**
 * Creates the collector's HTTP server: `POST /collect` (DESIGN.md, "Collector"), `GET /healthz`, and unless
 * `dashboard: false` the marketers' `GET /dashboard` and `GET /api/report`.
 *
 * @example
 * const server = await createServer({ db: './touchtrail.duckdb', allowedOrigins: ['https://shop.example'] })
 * console.log(await server.listen({ port: 8787 })) // http://127.0.0.1:8787
 */
export async function createServer(options: ServerOptions = {}): Promise<CollectorServer> {
  const { db = './touchtrail.duckdb', maxBodyBytes = 1024 * 1024, maxBatchEvents = 1000 } = options
  // Drawn here, not in the worker: the worker and a main-thread fallback must derive the same visitor keys.
  const cookielessSecret = options.cookielessSecret ?? process.env.TOUCHTRAIL_SECRET ?? randomBytes(32).toString('hex')
  const store = typeof db === 'string' ? await createStore(db) : db
  const queue = createWriteQueue(store)
  const ingester = createIngester({ maxBatchEvents, cookielessSecret, worker: options.ingestWorker === false ? false : undefined })
  const app = Fastify({ logger: options.logger ?? false, trustProxy: options.trustProxy ?? false, bodyLimit: maxBodyBytes })
  let closing = false

  await app.register(cors, {
    // `true` reflects the request's Origin rather than answering `*`, which also works for requests with credentials.
    origin: options.allowedOrigins ? [...options.allowedOrigins] : true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Content-Encoding', 'X-Write-Key', 'Authorization'],
    // Without this a cross-origin script cannot read Retry-After, and its queue could not honour it.
    exposedHeaders: ['Retry-After'],
    maxAge: 86_400,
  })

  // Bodies are read as raw bytes and parsed by parseBatch: it must see invalid UTF-8 (the built-in parsers would
  // replace it) and must accept text/plain, the type that spares a cross-origin sendBeacon its preflight.
  app.removeAllContentTypeParsers()
  const keepBytes = (_request: unknown, body: Buffer | string, done: (error: null, body: Buffer | string) => void) => done(null, body)
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, keepBytes)
  // sendBeacon with a Blob of no type sends no Content-Type at all; decodeBody refuses types other than these.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepBytes)

  app.setErrorHandler(async (error, request, reply) => {
    const answer = errorAnswer(error as Error, maxBodyBytes)
    if (answer.statusCode >= 500) request.log.error(error)
    // fastify refuses an oversized body unread and closes the connection: read the rest first, or the client's
    // upload breaks off (EPIPE) before it sees the 413.
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') await drainBody(request.raw, DRAIN_LIMITS)
    return reply.code(answer.statusCode).headers(answer.headers).send(answer.body)
  })
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'Not Found', reason: `no route ${request.method} ${request.url.split('?')[0]}; use POST /collect` }),
  )
  // During shutdown every answer closes its connection, so keep-alive sockets do not hold the server open.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })

  app.post(
    '/collect',
    {
      onRequest: createGuard(options),
      preParsing: decodeBody,
      schema: { response: { 200: RESULT_SCHEMA } },
    },
    async (request) => {
      const facts = { receivedAtMs: (options.now ?? Date.now)(), userAgent: request.headers['user-agent'], ip: request.ip }
      return storeBatch(await ingester.prepare(request.body as Buffer | undefined, facts), queue)
    },
  )

  app.get('/healthz', async (_request, reply) => {
    try {
      await store.query('SELECT 1 AS ok')
      return { status: 'ok', store: store.kind }
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', store: store.kind, reason: (error as Error).message })
    }
  })

  if (options.dashboard !== false) registerDashboard(app, store, { ...options.dashboard, trustProxy: options.trustProxy })

  return {
    app,
    store,
    async listen({ host = DEFAULT_HOST, port = DEFAULT_PORT } = {}) {
      await app.listen({ host, port })
      const address = app.server.address()
      if (!address || typeof address === 'string') return String(address)
      return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    },
    async close() {
      closing = true
      // fastify stops accepting, answers new requests on open connections with 503, and waits for the requests in
      // flight, whose batches are in the write queue; the queue then finishes before the store closes.
      await app.close()
      await queue.close()
      await ingester.close()
      if (typeof db === 'string') await store.close()
    },
  }
}

/** How much of an oversized body the collector reads, to answer 413 readably: far more than any batch an SDK sends. */
const DRAIN_LIMITS = { maxBytes: 64 * 1024 * 1024, timeoutMs: 30_000 }

const RESULT_SCHEMA = {
  type: 'object',
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: {
      type: 'array',
      items: { type: 'object', properties: { index: { type: 'integer' }, reason: { type: 'string' } } },
    },
  },
} as const

import { existsSync } from 'node:fs'
import { Worker, type MessagePort } from 'node:worker_threads'
import { parseBatch } from './batch.js'
import { httpError } from './http-error.js'
import { prepareBatch, type PreparedBatch } from './ingest.js'
import { packRows, unpackRows, type PackedRows } from './packed-rows.js'
import { createVisitorKey } from './visitor-key.js'

/** What every ingest needs to know, the same for all requests. */
export interface IngestSettings {
  /** The most events in one batch; more gets 413. */
  maxBatchEvents: number
  /** The secret of cookieless visitor keys (see `createVisitorKey`): the worker and the main thread must share it. */
  cookielessSecret: string
}

/** What the server knows of one request besides its body. */
export interface RequestInfo {
  receivedAtMs: number
  userAgent?: string
  /** Used in memory for the cookieless visitor key, never stored. */
  ip?: string
}

/** Turns request bodies into prepared batches, on a worker thread or on the calling one; see {@link createIngester}. */
export interface Ingester {
  /** Parses, validates and enriches a body; rejects with the 4xx `httpError` that says why it is not a batch. */
  prepare(body: Uint8Array | undefined, request: RequestInfo): Promise<PreparedBatch>
  /** Stops the worker; call once no `prepare` is pending. */
  close(): Promise<void>
}

/** Options of {@link createIngester}. */
export interface IngesterOptions extends IngestSettings {
  /**
   * The worker's script, or `false` for no worker. By default the built `ingest-worker.js` next to this module;
   * from the TypeScript sources (the unit tests) there is none, and ingest runs on the calling thread.
   */
  worker?: URL | false
}

interface Job extends RequestInfo {
  id: number
  body: Uint8Array
}

type Answer =
  | { id: number; rows: PackedRows; duplicates: number; rejected: PreparedBatch['rejected'] }
  | { id: number; error: { message: string; statusCode?: number; headers?: Record<string, string> } }

/** What a Worker and a MessagePort both offer. */
interface Port {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void
  on(event: 'message', listener: (message: Answer) => void): unknown
}

const RETRY = { 'retry-after': '5' }

/**
 * Parses, validates and enriches request bodies on a worker thread, so that the main thread only answers HTTP and
 * writes to the database. That work is most of a request's CPU time: on one thread it bounded ingest at about the
 * speed of one core, where the two threads share the machine's cores. Batches are prepared in the order they
 * arrive, so "the first copy of a messageId wins" holds as before.
 *
 * If the worker dies, the batches it held get 503 with `Retry-After` (nothing of them was stored) and the next
 * batch starts a new one.
 *
 * @example
 * const ingester = createIngester({ maxBatchEvents: 1000, cookielessSecret })
 * const prepared = await ingester.prepare(body, { receivedAtMs: Date.now(), userAgent, ip })
 */
export function createIngester(options: IngesterOptions): Ingester {
  const script = options.worker === undefined ? builtWorker() : options.worker
  const settings: IngestSettings = { maxBatchEvents: options.maxBatchEvents, cookielessSecret: options.cookielessSecret }
  return script ? workerIngester(script, settings) : localIngester(settings)
}

/**
 * Answers the jobs that arrive on `port` (the worker side of {@link createIngester}): `ingest-worker.ts` calls it
 * with its `parentPort`.
 */
export function serveIngest(port: MessagePort, settings: IngestSettings): void {
  const prepare = preparer(settings)
  port.on('message', (job: Job) => {
    let answer: Answer
    try {
      const { rows, duplicates, rejected } = prepare(job.body, job)
      answer = { id: job.id, rows: packRows(rows), duplicates, rejected }
    } catch (error) {
      const { message, statusCode, headers, expose } = error as Error & { statusCode?: number; headers?: Record<string, string>; expose?: boolean }
      // Only our own httpErrors carry a status for the client; anything else becomes a 500 on the main thread.
      answer = { id: job.id, error: expose ? { message, statusCode, headers } : { message } }
    }
    port.postMessage(answer)
  })
}

/** The client side over any port: what {@link createIngester} uses with a Worker, and tests with a MessageChannel. */
export function connectIngester(port: Port): {
  prepare: Ingester['prepare']
  /** Rejects every batch still waiting, with 503: the worker is gone. */
  failPending(cause: unknown): void
} {
  const pending = new Map<number, { resolve(batch: PreparedBatch): void; reject(error: unknown): void }>()
  let nextId = 0
  port.on('message', (answer: Answer) => {
    const job = pending.get(answer.id)
    if (!job) return
    pending.delete(answer.id)
    if ('error' in answer) {
      const { message, statusCode, headers } = answer.error
      return job.reject(statusCode ? httpError(statusCode, message, headers) : new Error(`ingest worker: ${message}`))
    }
    try {
      job.resolve({ rows: unpackRows(answer.rows), duplicates: answer.duplicates, rejected: answer.rejected })
    } catch (error) {
      job.reject(error)
    }
  })
  return {
    prepare(body, request) {
      // A copy of the body's bytes, whose buffer is then moved to the worker rather than copied again. (The body
      // may be a slice of Node's shared buffer pool, which must not be moved.)
      const bytes = body ? new Uint8Array(body) : new Uint8Array(0)
      const job: Job = { id: nextId++, body: bytes, receivedAtMs: request.receivedAtMs, userAgent: request.userAgent, ip: request.ip }
      return new Promise((resolve, reject) => {
        pending.set(job.id, { resolve, reject })
        port.postMessage(job, [bytes.buffer])
      })
    },
    failPending(cause) {
      for (const job of pending.values()) {
        job.reject(httpError(503, 'the collector could not check the batch; nothing of it was stored, retry later', RETRY, cause))
      }
      pending.clear()
    },
  }
}

function preparer(settings: IngestSettings) {
  const visitorKey = createVisitorKey(settings.cookielessSecret)
  return (body: Uint8Array | undefined, request: RequestInfo): PreparedBatch =>
    prepareBatch(parseBatch(body, settings.maxBatchEvents), {
      receivedAtMs: request.receivedAtMs,
      userAgent: request.userAgent,
      ip: request.ip,
      visitorKey,
    })
}

function localIngester(settings: IngestSettings): Ingester {
  const prepare = preparer(settings)
  return {
    prepare: async (body, request) => prepare(body, request),
    close: async () => {},
  }
}

function workerIngester(script: URL, settings: IngestSettings): Ingester {
  let current: { worker: Worker; client: ReturnType<typeof connectIngester> } | undefined

  function start() {
    const worker = new Worker(script, { workerData: settings })
    // The HTTP server keeps the process alive while requests are in flight; the worker alone must not.
    worker.unref()
    const started = { worker, client: connectIngester(worker) }
    const gone = (cause: unknown) => {
      if (current === started) current = undefined
      started.client.failPending(cause)
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`the ingest worker exited with code ${code}`)))
    return started
  }

  return {
    prepare(body, request) {
      current ??= start()
      return current.client.prepare(body, request)
    },
    async close() {
      const stopping = current
      current = undefined
      await stopping?.worker.terminate()
    },
  }
}

/**
 * The built worker script next to this module (`ingest-worker.js` in dist, `.mjs` where a test bundles the CLI), or
 * `undefined` when running from the TypeScript sources, which a worker thread cannot load.
 */
function builtWorker(): URL | undefined {
  const extension = /\.m?js$/.exec(import.meta.url)?.[0]
  if (!extension) return undefined
  const script = new URL(`./ingest-worker${extension}`, import.meta.url)
  return existsSync(script) ? script : undefined
}

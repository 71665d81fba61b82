/**
 * The end-to-end harness every package's `e2e/*.e2e.ts` uses: a loopback collector that records
 * every request (like web-vitals' `test/server.js`), a static server for the built files and test
 * pages on another origin, headless Chromium (Debian's, through playwright-core), and helpers that
 * wait on a condition instead of sleeping.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { launchChromium } from '../chromium.mjs'

/** The repository root: the static server serves files below it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** One event as the collector received it (the wire format of DESIGN.md). */
export type WireEvent = {
  type: string
  event?: string
  name?: string
  messageId: string
  anonymousId: string
  userId?: string
  timestamp: string
  properties?: Record<string, any>
  traits?: Record<string, any>
  context: Record<string, any>
}

/** One request the collector saw. */
export interface Received {
  method: string
  path: string
  headers: IncomingMessage['headers']
  /** The parsed body, when it was JSON. */
  body?: { batch: WireEvent[]; sentAt: string }
  raw: string
  status: number
  at: number
}

/** What the collector answers a POST with (after `delayMs`, when given); return undefined for the default 200. */
export type Responder = (req: Received, n: number) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | undefined

export interface TestCollector {
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** The endpoint to configure: `<origin>/collect`. */
  endpoint: string
  /** Every request, in arrival order (OPTIONS preflights included). */
  requests: Received[]
  /** Change the answer to POSTs (fault injection). */
  respond: Responder
  /** Every event of every answered-2xx POST, in arrival order, duplicates included. */
  events(): WireEvent[]
  /** Events once each by messageId (what a deduping collector stores). */
  unique(): WireEvent[]
  /** How many events arrived more than once. */
  duplicates(): number
  /** Resolve once `pred` holds for the stored events; reject with what was seen after `timeoutMs`. */
  waitFor(pred: (events: WireEvent[]) => boolean, timeoutMs?: number): Promise<WireEvent[]>
  clear(): void
  /**
   * Resolve once no request has arrived for `quietMs`: call it before `clear()` so a late beacon
   * from the previous test's closing page cannot land in the next test.
   */
  settle(quietMs?: number): Promise<void>
  close(): Promise<void>
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Poll `cond` until it returns a truthy value; never a fixed sleep. */
export async function waitFor<T>(cond: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<Exclude<T, undefined | null | false>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await cond()
    if (v) return v as Exclude<T, undefined | null | false>
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** A collector on 127.0.0.1 that records every request and answers with CORS for any origin. */
export async function startCollector(): Promise<TestCollector> {
  const requests: Received[] = []
  let posts = 0
  let lastArrival = 0
  const c: TestCollector = {
    origin: '',
    endpoint: '',
    requests,
    respond: () => undefined,
    events: () => requests.filter((r) => r.method == 'POST' && r.status < 300 && r.body).flatMap((r) => r.body!.batch),
    unique() {
      const seen = new Map<string, WireEvent>()
      for (const e of c.events()) if (!seen.has(e.messageId)) seen.set(e.messageId, e)
      return [...seen.values()]
    },
    duplicates: () => c.events().length - c.unique().length,
    waitFor: (pred, timeoutMs = 10_000) =>
      waitFor(() => (pred(c.unique()) ? c.unique() : undefined), timeoutMs, 'events').catch((e) => {
        throw new Error(`${e.message}; got ${JSON.stringify(c.unique().map((x) => x.event || x.type))}`)
      }),
    clear: () => void requests.splice(0),
    settle: (quietMs = 300) => waitFor(() => Date.now() - lastArrival > quietMs, 10_000, 'a quiet collector').then(() => {}),
    close: () => new Promise((r) => server.close(() => r())),
  }
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    lastArrival = Date.now()
    const buf = await readBody(req)
    const raw = (req.headers['content-encoding'] == 'gzip' ? gunzipSync(buf) : buf).toString('utf8')
    const rec: Received = { method: req.method!, path: req.url!, headers: req.headers, raw, status: 200, at: Date.now() }
    try {
      rec.body = JSON.parse(raw)
    } catch {}
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin || '*',
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type',
      'Access-Control-Expose-Headers': 'Retry-After',
    }
    let answer: ReturnType<Responder> = undefined
    if (req.method == 'POST') answer = c.respond(rec, ++posts)
    if (answer?.delayMs) await new Promise((r) => setTimeout(r, answer!.delayMs))
    rec.status = answer?.status ?? (req.method == 'OPTIONS' ? 204 : 200)
    requests.push(rec)
    res.writeHead(rec.status, { ...cors, 'Content-Type': 'application/json', ...answer?.headers })
    res.end(answer?.body ?? (req.method == 'POST' ? JSON.stringify({ accepted: rec.body?.batch?.length ?? 0, duplicates: 0, rejected: [] }) : ''))
  })
  server.keepAliveTimeout = 1000
  const port = await listen(server)
  c.origin = `http://127.0.0.1:${port}`
  c.endpoint = `${c.origin}/collect`
  return c
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
}

export interface TestSite {
  /** `http://localhost:<port>`: another origin than the collector's 127.0.0.1. */
  origin: string
  /** Serve `html` at `path` (any query string is ignored when matching). */
  page(path: string, html: string): string
  close(): Promise<void>
}

/**
 * A static server for the repository's files (`/packages/browser/dist/touchtrail.min.js`, …) and
 * for pages registered with `page()`. `?delay=<ms>` on any file delays its answer, to load a
 * script truly after the page's own calls.
 */
export async function startSite(): Promise<TestSite> {
  const pages = new Map<string, string>()
  const server = createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x')
    const delay = Number(url.searchParams.get('delay') || 0)
    if (delay) await new Promise((r) => setTimeout(r, delay))
    const html = pages.get(url.pathname)
    if (html != null) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' })
      return res.end(html)
    }
    const file = normalize(join(ROOT, decodeURIComponent(url.pathname)))
    if (!file.startsWith(ROOT) || file.includes('/.git')) {
      res.writeHead(403)
      return res.end()
    }
    try {
      const data = await readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' })
      res.end(data)
    } catch {
      res.writeHead(404)
      res.end('not found')
    }
  })
  const port = await listen(server)
  const site: TestSite = {
    origin: `http://localhost:${port}`,
    page(path, html) {
      pages.set(path, html)
      return site.origin + path
    },
    close: () => new Promise((r) => server.close(() => r())),
  }
  return site
}

/** The loader snippet of DESIGN.md. */
export const SNIPPET = `<script>window.touchtrail=window.touchtrail||function(){(touchtrail.q=touchtrail.q||[]).push(arguments)}</script>`

/**
 * A page with the snippet, `before` (inline script run before the tracker loads), and the async
 * script tag with the given data attributes. The script is delayed by `delayMs` so calls made in
 * the page truly precede it.
 */
export function shopPage(opts: { endpoint: string; attrs?: Record<string, string>; before?: string; body?: string; delayMs?: number; title?: string }): string {
  const attrs = Object.entries({ 'data-endpoint': opts.endpoint, ...opts.attrs })
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ')
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title ?? 'Test shop'}</title>
${SNIPPET}
${opts.before ? `<script>${opts.before}</script>` : ''}
<script async src="/packages/browser/dist/touchtrail.min.js?delay=${opts.delayMs ?? 0}" ${attrs}></script>
</head><body>${opts.body ?? '<h1>Test shop</h1>'}</body></html>`
}

/** Debian's Chromium, headless, with the flags that keep it off the closed network. */
export const launch = (): Promise<Browser> => launchChromium()

/** What {@link useHarness} hands a test file. */
export interface Fixture {
  browser: Browser
  collector: TestCollector
  site: TestSite
  /** A fresh context for each test, closed after it. */
  context: BrowserContext
  /** One page of that context. */
  page: Page
}

/**
 * The usual setup of an e2e file: one Chromium, collector and site for the file; for each test a
 * collector that has settled (a late beacon or retry from the previous test's pages cannot land in
 * this one), emptied and answering 200, and a fresh context with one page. `use` receives the
 * fixture each time it changes, so a file keeps plain variables:
 *
 * @example
 * let collector: TestCollector, site: TestSite, page: Page
 * useHarness((f) => ({ collector, site, page } = f))
 */
export function useHarness(use: (f: Fixture) => void, contextOptions?: BrowserContextOptions): void {
  const f = {} as Fixture
  beforeAll(async () => {
    ;[f.browser, f.collector, f.site] = await Promise.all([launch(), startCollector(), startSite()])
    use(f)
  })
  afterAll(async () => {
    await Promise.all([f.browser?.close(), f.collector?.close(), f.site?.close()])
  })
  beforeEach(async () => {
    await f.collector.settle()
    f.collector.clear()
    f.collector.respond = () => undefined
    f.context = await f.browser.newContext(contextOptions)
    f.page = await f.context.newPage()
    use(f)
  })
  afterEach(async () => {
    await f.context?.close()
  })
}

/** Read everything touchtrail could have left on the device for an origin. */
export async function deviceState(context: BrowserContext, origin: string) {
  const page = await context.newPage()
  await page.goto(origin + '/__blank__')
  const state = await page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    cookie: document.cookie,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
  }))
  await page.close()
  return { ...state, cookies: await context.cookies() }
}

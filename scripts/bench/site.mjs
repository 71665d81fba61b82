/**
 * The bench shop: a static server on 127.0.0.1 with one page per SDK. A page loads its SDK with an
 * async script tag and points it at the collector whose port is in the page's query (`?c=<port>`),
 * so every run gets its own collector while the page origin (and so storage) stays the same.
 */
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { ROOT } from './sdks.mjs'
import { OUT } from './sizes.mjs'

/** touchtrail's stub snippet, from DESIGN.md. */
const SNIPPET = `window.touchtrail=window.touchtrail||function(){(touchtrail.q=touchtrail.q||[]).push(arguments)}`

/**
 * The page for one SDK.
 *
 * @param {import('./sdks.mjs').Sdk} sdk
 * @param {number} port the collector's port
 */
export function pageHtml(sdk, port) {
  const origin = `http://127.0.0.1:${port}`
  const head =
    sdk.id == 'touchtrail'
      ? `<script>${SNIPPET};window.benchTrack=function(n,p){touchtrail('track',n,p)}</script>
<script async src="/touchtrail.min.js" data-endpoint="${origin}/collect"></script>`
      : `<script>window.BENCH={origin:${JSON.stringify(origin)},host:${JSON.stringify(`127.0.0.1:${port}`)}}</script>
<script async src="/bundles/${sdk.id}.js"></script>`
  return `<!doctype html><html><head><meta charset="utf-8"><title>Bench shop</title>
${head}
</head><body><h1>Bench shop</h1><p>Trail runner, 59.90 EUR</p></body></html>`
}

/**
 * Start the bench shop.
 *
 * @param {import('./sdks.mjs').Sdk[]} sdks
 * @returns {Promise<{ origin: string, url(sdk: import('./sdks.mjs').Sdk, port: number): string, close(): Promise<void> }>}
 */
export async function startSite(sdks) {
  const byId = new Map(sdks.map((s) => [s.id, s]))
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    const page = url.pathname.match(/^\/([a-z-]+)\.html$/)
    try {
      if (url.pathname == '/favicon.ico') {
        res.writeHead(204)
        return res.end()
      }
      if (page && byId.has(page[1])) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        return res.end(pageHtml(byId.get(page[1]), Number(url.searchParams.get('c'))))
      }
      const file =
        url.pathname == '/touchtrail.min.js'
          ? `${ROOT}packages/browser/dist/touchtrail.min.js`
          : /^\/bundles\/[a-z-]+\.js$/.test(url.pathname)
            ? `${OUT}${url.pathname.slice('/bundles/'.length)}`
            : undefined
      if (!file) throw new Error('not found')
      const data = await readFile(file)
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(data)
    } catch {
      res.writeHead(404)
      res.end('not found')
    }
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${server.address().port}`
  return {
    origin,
    url: (sdk, port) => `${origin}/${sdk.id}.html?c=${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.()
        server.close(() => r())
      }),
  }
}

// The loopback parts the queue's own benchmarks share (queue-main-thread.mjs, queue-backlog.mjs):
// a collector that counts events, a server for one page plus the repository's built files (loaded
// through an import map), and Chromium's main-thread clock.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' }

/** The import map that lets a page import the built core and queue (and idb-keyval) as npm names. */
export const IMPORT_MAP = `<script type="importmap">{"imports":{"@touchtrail/core":"/packages/core/dist/index.js","idb-keyval":"/packages/queue/node_modules/idb-keyval/dist/index.js"}}</script>`

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))

/**
 * A collector on 127.0.0.1 that answers every batch 200 (with CORS) and counts the events.
 * @returns {Promise<{ endpoint: string, received: () => number, close: () => void }>}
 */
export async function countingCollector() {
  let received = 0
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      if (req.method == 'POST') received += JSON.parse(body).batch.length
      res.writeHead(req.method == 'OPTIONS' ? 204 : 200, { 'Access-Control-Allow-Origin': req.headers.origin || '*', 'Access-Control-Allow-Headers': 'Content-Type' })
      res.end('{}')
    })
  })
  const port = await listen(server)
  return { endpoint: `http://127.0.0.1:${port}/collect`, received: () => received, close: () => server.close() }
}

/**
 * Serve `html` at `path` and the repository's files under their paths, on localhost (another origin
 * than the collector's 127.0.0.1).
 * @returns {Promise<{ url: string, close: () => void }>}
 */
export async function pageServer(path, html) {
  const server = createServer(async (req, res) => {
    const at = new URL(req.url, 'http://x').pathname
    if (at == path) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] })
      return res.end(html)
    }
    const file = normalize(join(ROOT, decodeURIComponent(at)))
    if (!file.startsWith(ROOT)) return res.writeHead(403).end()
    try {
      const data = await readFile(file)
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' })
      res.end(data)
    } catch {
      res.writeHead(404).end()
    }
  })
  return { url: `http://localhost:${await listen(server)}${path}`, close: () => server.close() }
}

/** The page's main-thread time so far, in ms: Chromium's TaskDuration over a CDP session with Performance enabled. */
export const taskMs = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000

// The demo's web server for the shop: the example shop, the built script tag and the printed QR codes,
// on 127.0.0.1 only. Nothing else of the repository is served.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
}

/**
 * Starts the shop's server.
 *
 * @param {{ root: string, qrDir: string, port?: number }} options `root` is the repository; `qrDir` holds the
 *   generated codes, served under `/qr/`; `port` 0 picks a free one (the default)
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function startShopServer({ root, qrDir, port = 0 }) {
  /** URL prefix → folder on disk. */
  const mounts = [
    ['/examples/shop/', join(root, 'examples/shop')],
    ['/packages/browser/dist/', join(root, 'packages/browser/dist')],
    ['/qr/', qrDir],
  ]
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path === '/' || path === '/examples/shop' || path === '/examples/shop/') {
      res.writeHead(302, { location: '/examples/shop/index.html' })
      return res.end()
    }
    const mount = mounts.find(([prefix]) => path.startsWith(prefix))
    const file = mount && normalize(join(mount[1], path.slice(mount[0].length)))
    if (!file || !file.startsWith(mount[1] + sep)) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      return res.end('not found')
    }
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      res.end(body)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    }
  })
  server.keepAliveTimeout = 1000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    origin: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      }),
  }
}

// The demo's moving parts: the collector on its embedded DuckDB (with the dashboard), the shop's server, and the
// QR codes printed for the shop's placements. `scripts/demo.mjs` is the command; the end-to-end tests use these.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createNetServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startShopServer } from './static-server.mjs'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** The demo's own folder: databases and printed codes, ignored by git. */
export const DEMO_DIR = join(ROOT, '.demo')

/** Imports a package's built file, with a hint when the build is missing. */
async function built(path) {
  const file = join(ROOT, path)
  if (!existsSync(file)) throw new Error(`${path} is missing: run \`pnpm build\` first (\`pnpm demo\` does)`)
  return import(pathToFileURL(file).href)
}

/**
 * A clock the collector reads, which the simulation moves along with the browsers' clocks (the collector corrects
 * each event's time by the browser's clock skew, so both must agree). Real time until `set`.
 */
export function createClock() {
  let offset = 0
  return {
    now: () => Date.now() + offset,
    /** From now on, the clock reads `ms` and runs on from there. */
    set(ms) {
      offset = ms - Date.now()
    },
  }
}

/** `preferred` when it is free on 127.0.0.1, else 0 (any free port). */
async function freePort(preferred) {
  if (!preferred) return 0
  return new Promise((resolveFree) => {
    const probe = createNetServer()
    probe.once('error', () => resolveFree(0))
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolveFree(preferred)))
  })
}

/**
 * Starts the demo: the shop's server, the QR codes of `examples/shop/qr/placements.csv` printed for its address,
 * and the collector storing into `db` with its dashboard.
 *
 * @param {{ db: string, collectorPort?: number, shopPort?: number, clock?: ReturnType<typeof createClock>, fresh?: boolean }} options
 *   ports fall back to free ones when taken (0: any free port); `fresh` deletes the database first
 */
export async function startDemo({ db, collectorPort = 8787, shopPort = 8080, clock = createClock(), fresh = false }) {
  const { createServer } = await built('packages/collector/dist/index.js')
  const { generate } = await built('packages/qr/dist/generator.js')
  if (!existsSync(join(ROOT, 'packages/browser/dist/touchtrail.min.js'))) throw new Error('packages/browser/dist/touchtrail.min.js is missing: run `pnpm build` first')
  mkdirSync(dirname(db), { recursive: true })
  if (db.startsWith(DEMO_DIR)) writeFileSync(join(DEMO_DIR, '.gitignore'), '*\n')
  if (fresh) for (const file of [db, `${db}.wal`]) rmSync(file, { force: true })

  const qrDir = join(dirname(db), 'qr')
  const shop = await startShopServer({ root: ROOT, qrDir, port: await freePort(shopPort) })
  const printed = await generate({
    placements: join(ROOT, 'examples/shop/qr/placements.csv'),
    outDir: qrDir,
    baseUrl: shop.origin,
    formats: ['svg'],
  })
  if (printed.problems.length) throw new Error(`QR codes: ${printed.problems.map((p) => p.message).join('; ')}`)
  const qrManifest = join(qrDir, 'manifest.json')
  const { placements } = JSON.parse(readFileSync(qrManifest, 'utf8'))

  const server = await createServer({ db, now: clock.now, dashboard: { qrManifest } })
  let collector
  try {
    collector = await server.listen({ host: '127.0.0.1', port: await freePort(collectorPort) })
  } catch (error) {
    await Promise.all([server.close(), shop.close()])
    throw error
  }
  const endpoint = `${collector}/collect`
  const settings = `endpoint=${encodeURIComponent(endpoint)}&tracking=both`
  return {
    server,
    store: server.store,
    clock,
    qrManifest,
    /** The printed placements by code: `placements['FAIR-BOOTH-12'].url` is what its QR code holds. */
    placements,
    shopOrigin: shop.origin,
    endpoint,
    urls: {
      shop: `${shop.origin}/examples/shop/index.html?${settings}`,
      email: `${shop.origin}/examples/shop/email.html`,
      qr: `${shop.origin}/examples/shop/qr/index.html`,
      dashboard: `${collector}/dashboard`,
      collector: endpoint,
    },
    /** Stops both servers; the collector writes what is in flight and closes the database. */
    async close() {
      await Promise.all([server.close(), shop.close()])
    },
  }
}

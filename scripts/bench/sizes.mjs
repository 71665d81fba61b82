/**
 * Build every SDK's entry the same way — one esbuild call, minified IIFE for the browser — and
 * measure raw, gzip and brotli bytes. touchtrail's script-tag build is measured as shipped.
 */
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { ROOT } from './sdks.mjs'

const HERE = fileURLToPath(new URL('.', import.meta.url))

/** Where the bundles go (served to the browser by the bench site). */
export const OUT = `${HERE}.out/bundles/`

/**
 * Raw, gzip (level 9) and brotli (quality 11, as size-limit) bytes of a file's contents.
 *
 * @param {Buffer} bytes
 */
export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

/**
 * Bundle every SDK that has an entry into `OUT/<id>.js` in one esbuild call, then measure each
 * SDK's browser file. Dynamic imports are inlined (an IIFE has no chunks), so code a peer would
 * lazy-load counts too.
 *
 * @param {import('./sdks.mjs').Sdk[]} sdks
 * @returns {Promise<Record<string, { raw: number, gzip: number, brotli: number, path: string }>>}
 */
export async function buildAndMeasure(sdks) {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  const entryPoints = Object.fromEntries(sdks.filter((s) => s.entry).map((s) => [s.id, `${HERE}${s.entry}`]))
  await build({
    entryPoints,
    outdir: OUT,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'error',
    absWorkingDir: HERE,
    define: { 'process.env.NODE_ENV': '"production"' },
    // touchtrail's core as `pnpm build` built it, like the peers' published dist files.
    alias: { '@touchtrail/core': `${ROOT}packages/core/dist/index.js` },
  })
  const sizes = {}
  for (const sdk of sdks) {
    const path = sdk.file ? `${ROOT}${sdk.file}` : `${OUT}${sdk.id}.js`
    sizes[sdk.id] = { ...measure(readFileSync(path)), path }
  }
  return sizes
}

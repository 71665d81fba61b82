// The one build config every package uses (run from the package folder: `rollup -c ../../scripts/rollup.config.mjs`).
// Entries come from the package's own `exports` map: `./dist/x.js` is built from `./src/x.ts`.
// `@touchtrail/browser` also gets the script-tag IIFE from `src/iife.ts`.
import { readFileSync, readdirSync, existsSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import esbuild from 'rollup-plugin-esbuild'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'

const cwd = process.cwd()
const pkg = JSON.parse(readFileSync(resolve(cwd, 'package.json'), 'utf8'))
// A clean dist each build: chunks are content-hashed, and old ones would otherwise pile up (and ship).
rmSync(resolve(cwd, 'dist'), { recursive: true, force: true })

const entries = {}
const collect = (value) => {
  if (typeof value === 'string') {
    const m = /^\.\/dist\/(.+)\.js$/.exec(value)
    if (m && existsSync(resolve(cwd, `src/${m[1]}.ts`))) entries[m[1]] = `src/${m[1]}.ts`
  } else if (value && typeof value === 'object') Object.values(value).forEach(collect)
}
collect(pkg.exports)
collect(pkg.bin)

const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })
const external = (id) =>
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  deps.some((d) => id === d || id.startsWith(d + '/'))

// Browser packages ship minified ESM, as web-vitals does: `_`-prefixed fields are package-private and
// mangled, so they must never cross a package boundary. Node packages (the collector) stay readable.
const minify = terser({
  ecma: 2020,
  module: true,
  compress: { passes: 3, unsafe_arrows: true },
  mangle: { properties: { regex: /^_/ } },
  format: { comments: false },
})
const browser = pkg.name !== '@touchtrail/collector'

const configs = [
  {
    input: entries,
    external,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: '_[name]-[hash].js',
      plugins: browser ? [minify] : [],
      // Minified code ships with its map (sources included), so a consumer's stack traces and debugger
      // show the TypeScript.
      sourcemap: browser,
    },
    plugins: [nodeResolve(), esbuild({ target: 'es2021', tsconfig: resolve(cwd, '../../tsconfig.base.json') })],
  },
]

// The script tag bundles code from npm (idb-keyval, web-vitals: Apache-2.0, which asks that its licence
// travel with the code). The minified file carries no comments, so the licences go beside it, in
// `touchtrail.min.js.LICENSE.txt`, as webpack's extracted-comments file does.
const thirdPartyLicences = () => ({
  name: 'third-party-licences',
  generateBundle(_, bundle) {
    const packages = new Map()
    for (const chunk of Object.values(bundle))
      for (const id of Object.keys(chunk.modules || {})) {
        const m = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id)
        if (m) packages.set(m[1], true)
      }
    const own = JSON.parse(readFileSync(resolve(cwd, '../../package.json'), 'utf8'))
    const parts = [`${pkg.name} ${pkg.version} (${own.license})\n\n${readFileSync(resolve(cwd, '../../LICENSE'), 'utf8').trim()}`]
    for (const dir of [...packages.keys()].sort()) {
      const meta = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8'))
      const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f))
      if (!file) throw new Error(`${meta.name} is bundled into the script tag but ships no licence file`)
      parts.push(`${meta.name} ${meta.version} (${meta.license})\n\n${readFileSync(resolve(dir, file), 'utf8').trim()}`)
    }
    this.emitFile({ type: 'asset', fileName: 'touchtrail.min.js.LICENSE.txt', source: parts.join('\n\n' + '-'.repeat(72) + '\n\n') + '\n' })
  },
})

// The script tag is built from the packages' dist files: their maps are read along, so its own map
// leads through them to the TypeScript sources (rollup chains the maps a load hook returns).
const distMaps = () => ({
  name: 'dist-maps',
  load(id) {
    if (!/[\\/]packages[\\/][^\\/]+[\\/]dist[\\/][^\\/]+\.js$/.test(id) || !existsSync(id + '.map')) return null
    return { code: readFileSync(id, 'utf8'), map: readFileSync(id + '.map', 'utf8') }
  },
})

if (existsSync(resolve(cwd, 'src/iife.ts'))) {
  configs.push({
    input: 'src/iife.ts',
    output: {
      file: 'dist/touchtrail.min.js',
      format: 'iife',
      sourcemap: true,
      plugins: [minify],
    },
    plugins: [thirdPartyLicences(), distMaps(), nodeResolve({ browser: true }), esbuild({ target: 'es2021', tsconfig: resolve(cwd, '../../tsconfig.base.json') })],
  })
}

export default configs

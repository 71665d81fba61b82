// The one build config every package uses (run from the package folder: `rollup -c ../../scripts/rollup.config.mjs`).
// Entries come from the package's own `exports` map: `./dist/x.js` is built from `./src/x.ts`.
// `@touchtrail/browser` also gets the script-tag IIFE from `src/iife.ts`.
import { readFileSync, existsSync, rmSync } from 'node:fs'
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
    },
    plugins: [nodeResolve(), esbuild({ target: 'es2021', tsconfig: resolve(cwd, '../../tsconfig.base.json') })],
  },
]

if (existsSync(resolve(cwd, 'src/iife.ts'))) {
  configs.push({
    input: 'src/iife.ts',
    output: {
      file: 'dist/touchtrail.min.js',
      format: 'iife',
      sourcemap: true,
      plugins: [minify],
    },
    plugins: [nodeResolve({ browser: true }), esbuild({ target: 'es2021', tsconfig: resolve(cwd, '../../tsconfig.base.json') })],
  })
}

export default configs

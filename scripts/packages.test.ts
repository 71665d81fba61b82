// @vitest-environment node
// What an npm consumer gets from each package's tarball: found by a probe that installed the packed
// packages into a fresh project (TypeScript with node16 resolution, esbuild, plain npm). Runs on the
// built dist, as the test command builds first.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const names = readdirSync(join(root, 'packages'))
const manifest = (name: string) => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'))
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))

describe.each(names)('@touchtrail/%s as published', (name) => {
  const pkg = manifest(name)

  it('ships the licence its manifest names', () => {
    expect(pkg.license).toBe('MIT')
    expect(readFileSync(join(root, 'packages', name, 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'))
  })

  it('declares types that node16 and nodenext resolution can follow: every relative import has its extension', () => {
    const bare = files(join(root, 'packages', name, 'dist'))
      .filter((f) => f.endsWith('.d.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => `${f}: ${m[1]}`))
      .filter((s) => !/\.(js|json)$/.test(s))
    expect(bare).toEqual([])
  })

  it('exports its package.json, and a plugin shares the app’s one core (a peer dependency)', () => {
    expect(pkg.exports['./package.json']).toBe('./package.json')
    if (['queue', 'attribution', 'cart', 'qr', 'vitals'].includes(name)) {
      expect(pkg.peerDependencies['@touchtrail/core']).toBeDefined()
      expect(pkg.dependencies?.['@touchtrail/core']).toBeUndefined()
    }
  })
})

describe('@touchtrail/browser', () => {
  it('keeps the script-tag file when a bundler imports it: its one file with side effects', async () => {
    const out = await build({
      stdin: { contents: "import '@touchtrail/browser/touchtrail.min.js'", resolveDir: join(root, 'packages/browser') },
      bundle: true,
      write: false,
      logLevel: 'silent',
    })
    const code = out.outputFiles[0]!.text
    expect(code.length).toBeGreaterThan(20_000)
    expect(code).toContain('touchtrail')
    // …and the rest of the package is still free of side effects: an unused import costs nothing.
    const unused = await build({
      stdin: { contents: "import { readConfig } from '@touchtrail/browser'", resolveDir: join(root, 'packages/browser') },
      bundle: true,
      format: 'esm',
      write: false,
      minify: true,
      logLevel: 'silent',
    })
    expect(unused.outputFiles[0]!.text.trim()).toBe('')
  })

  it('maps the script tag to the TypeScript it was built from, and each minified module to its own', () => {
    const map = JSON.parse(readFileSync(join(root, 'packages/browser/dist/touchtrail.min.js.map'), 'utf8'))
    const ours = (map.sources as string[]).filter((s) => !s.includes('node_modules'))
    expect(ours.length).toBeGreaterThan(20)
    expect(ours.filter((s) => !/\/src\/[\w-]+\.ts$/.test(s))).toEqual([])
    expect(map.sourcesContent.every((c: string | null) => typeof c == 'string' && c.length > 0)).toBe(true)
    for (const name of names.filter((n) => n != 'collector'))
      for (const file of files(join(root, 'packages', name, 'dist')).filter((f) => f.endsWith('.js') && !f.endsWith('touchtrail.min.js'))) {
        expect(readFileSync(file, 'utf8')).toMatch(/\n\/\/# sourceMappingURL=[\w.-]+\.js\.map\n?$/)
        expect(JSON.parse(readFileSync(file + '.map', 'utf8')).sources.every((s: string) => s.endsWith('.ts'))).toBe(true)
      }
  })

  it('ships the licences of the npm code the script tag bundles beside it', () => {
    const text = readFileSync(join(root, 'packages/browser/dist/touchtrail.min.js.LICENSE.txt'), 'utf8')
    expect(text).toMatch(/^@touchtrail\/browser \d+\.\d+\.\d+ \(MIT\)\n\nMIT License/)
    expect(text).toMatch(/^idb-keyval \S+ \(Apache-2\.0\)$/m)
    expect(text).toMatch(/^web-vitals \S+ \(Apache-2\.0\)$/m)
    expect(text).toContain('Apache License')
  })
})

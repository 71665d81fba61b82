// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodePng } from '../e2e/decode.js'
import { generate } from './generate.js'
import type { Manifest } from './manifest.js'
import type { Placement } from './placements.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/placements.csv', import.meta.url))
const BASE = 'https://shop.example.com'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-qr-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const readManifest = async (out = dir): Promise<Manifest> => JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
const poster = (code: string, landing = BASE + '/'): Placement => ({ code, kind: 'poster', landing })

// Writing and decoding PNGs takes seconds on a busy two-core machine.
describe('generate', { timeout: 60_000 }, () => {
  it('writes an SVG and a PNG per placement whose decoded text is exactly the tagged URL', async () => {
    const result = await generate({ placements: FIXTURE, outDir: dir, baseUrl: BASE })
    expect(result.problems).toEqual([])
    expect(result.written.map((e) => e.url)).toEqual([
      `${BASE}/spring?tt_qr=BER-HBF-01&utm_medium=qr&utm_campaign=spring-2027`,
      `${BASE}/spring?size=32&tt_qr=MUC-FLY-02&utm_medium=qr&utm_campaign=spring-2027`,
      `${BASE}/fair?tt_qr=FAIR-B4&utm_medium=qr&utm_campaign=fair-2027#booth`,
      `${BASE}/care/jeans-%C3%B6deme?tt_qr=BOX-ODE&utm_medium=qr`,
      `${BASE}/spring?tt_qr=AD-SPIEGEL-7&utm_medium=qr&utm_campaign=spring-2027`,
    ])
    expect((await readdir(dir)).sort()).toEqual([
      'AD-SPIEGEL-7.png', 'AD-SPIEGEL-7.svg', 'BER-HBF-01.png', 'BER-HBF-01.svg', 'BOX-ODE.png', 'BOX-ODE.svg',
      'FAIR-B4.png', 'FAIR-B4.svg', 'MUC-FLY-02.png', 'MUC-FLY-02.svg', 'manifest.json',
    ])
    for (const entry of result.written) {
      const decoded = decodePng(await readFile(join(dir, entry.files.png!)))
      expect(decoded).toEqual({ text: entry.url, version: entry.version })
    }
  })

  it('decodes exactly at every error correction level, in both tag styles and at small sizes', async () => {
    const placements: Placement[] = [
      { code: 'LONG', kind: 'poster', landing: `${BASE}/a/rather/long/landing/page?with=several&query=parameters&and=more#and-a-fragment`, campaign: 'autumn-winter-2027-relaunch' },
      { code: 'Q', kind: 'flyer', landing: 'http://s.test/', source: 'zeit', campaign: 'x' },
    ]
    for (const errorCorrection of ['M', 'Q', 'H'] as const)
      for (const tag of ['short', 'utm'] as const) {
        const outDir = join(dir, errorCorrection + tag)
        const { written, problems } = await generate({ placements, outDir, errorCorrection, tag, pngWidthPx: 200, formats: ['png'] })
        expect(problems).toEqual([])
        for (const entry of written) {
          expect(entry.errorCorrection).toBe(errorCorrection)
          expect(decodePng(await readFile(join(outDir, entry.files.png!)))?.text).toBe(entry.url)
        }
      }
  })

  it('draws for print: Q level, a 4-module quiet zone, an SVG sized in millimetres, whole pixels per module in the PNG', async () => {
    const { written } = await generate({ placements: [poster('P1')], outDir: dir })
    const [entry] = written
    // 48 bytes of URL at level Q need version 5 (ISO/IEC 18004 table 7: 46 fit in version 4).
    expect(entry).toMatchObject({ url: BASE + '/?tt_qr=P1&utm_medium=qr', errorCorrection: 'Q', version: 5, modules: 37 })
    const svg = await readFile(join(dir, 'P1.svg'), 'utf8')
    expect(svg).toMatch(/^<svg width="30mm" height="30mm" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 45 45" shape-rendering="crispEdges">/)
    // The first dark module sits 4 modules in: the quiet zone.
    expect(svg).toMatch(/ d="M4 4\.5h7/)
    const png = await readFile(join(dir, 'P1.png'))
    expect(png.readUInt32BE(16)).toBe(45 * Math.ceil(1200 / 45))
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1200)
    const small = await generate({ placements: [poster('P2')], outDir: dir, svgSizeMm: 20, margin: 6 })
    expect(await readFile(join(dir, 'P2.svg'), 'utf8')).toMatch(/width="20mm" height="20mm" xmlns="[^"]+" viewBox="0 0 49 49".* d="M6 6\.5h7/)
    expect(small.written[0].modules).toBe(37)
  })

  it('writes a manifest keyed by code with the placement, URL, files and symbol', async () => {
    const { written, manifest } = await generate({ placements: FIXTURE, outDir: dir, baseUrl: BASE, formats: ['svg'] })
    expect(manifest).toBe(join(dir, 'manifest.json'))
    const m = await readManifest()
    expect(Object.keys(m)).toEqual(['format', 'version', 'param', 'updatedAt', 'placements'])
    expect(m).toMatchObject({ format: 'touchtrail-qr', version: 1, param: 'tt_qr' })
    expect(Object.keys(m.placements)).toEqual(written.map((e) => e.code))
    expect(m.placements['BER-HBF-01']).toEqual({
      code: 'BER-HBF-01',
      kind: 'poster',
      landing: `${BASE}/spring`,
      campaign: 'spring-2027',
      source: 'wall-ads',
      location: 'Berlin Hbf, platform 3',
      url: `${BASE}/spring?tt_qr=BER-HBF-01&utm_medium=qr&utm_campaign=spring-2027`,
      files: { svg: 'BER-HBF-01.svg' },
      errorCorrection: 'Q',
      version: written[0].version,
      modules: 17 + 4 * written[0].version,
      writtenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(m.placements['AD-SPIEGEL-7'].kind).toBe('print-ad')
  })

  it('reports duplicate codes and bad URLs and still writes every other code', async () => {
    const placements: Placement[] = [
      { ...poster('P1'), row: 2 },
      { ...poster('p1', BASE + '/other'), row: 3 },
      { ...poster('P2', 'htp://shop.example.com/'), row: 4 },
      { ...poster('P3', '/relative'), row: 5 },
      { ...poster('P4'), row: 6 },
      { ...poster('P1'), row: 7 },
    ]
    const result = await generate({ placements, outDir: dir })
    expect(result.problems.map((p) => p.message)).toEqual([
      'row 3 (p1): duplicate code, first on row 2; skipped',
      'row 4 (P2): landing URL "htp://shop.example.com/" is not an http(s) URL; skipped',
      'row 5 (P3): landing URL "/relative" is not a URL (a path needs a base URL); skipped',
      'row 7 (P1): duplicate code, first on row 2; skipped',
    ])
    expect(result.problems.map((p) => [p.row, p.code])).toEqual([[3, 'p1'], [4, 'P2'], [5, 'P3'], [7, 'P1']])
    expect(result.written.map((e) => e.code)).toEqual(['P1', 'P4'])
    expect(Object.keys((await readManifest()).placements)).toEqual(['P1', 'P4'])
    expect((await readdir(dir)).sort()).toEqual(['P1.png', 'P1.svg', 'P4.png', 'P4.svg', 'manifest.json'])
  })

  it('keeps the codes already written when a file cannot be written, and lists only what was', async () => {
    // A folder where P2.png should go: its rename fails, everything else goes on.
    await mkdir(join(dir, 'P2.png'))
    const result = await generate({ placements: [poster('P1'), poster('P2'), poster('P3')], outDir: dir })
    expect(result.problems.map((p) => p.message)).toEqual([`row 2 (P2): cannot write ${join(dir, 'P2.png')}: a folder of that name is in the way (EISDIR)`])
    expect(result.written.map((e) => [e.code, e.files])).toEqual([
      ['P1', { svg: 'P1.svg', png: 'P1.png' }],
      ['P2', { svg: 'P2.svg' }],
      ['P3', { svg: 'P3.svg', png: 'P3.png' }],
    ])
    expect((await readManifest()).placements.P2.files).toEqual({ svg: 'P2.svg' })
    // Atomic writes leave no temporary files behind, even after a failure.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('writes nothing into a folder it cannot create, and says why', async () => {
    await writeFile(join(dir, 'file'), 'x')
    const result = await generate({ placements: [poster('P1')], outDir: join(dir, 'file', 'qr') })
    expect(result).toEqual({
      total: 1,
      written: [],
      problems: [{ message: `cannot use ${join(dir, 'file', 'qr')}: a file is in the way of the folder (ENOTDIR); nothing written` }],
    })
  })

  it('adds to the manifest already in the folder, replacing codes written again', async () => {
    await generate({ placements: [poster('P1'), poster('P2', BASE + '/old')], outDir: dir })
    await generate({ placements: [poster('P2', BASE + '/new'), poster('P3')], outDir: dir })
    const m = await readManifest()
    expect(Object.keys(m.placements)).toEqual(['P1', 'P2', 'P3'])
    expect(m.placements.P2.landing).toBe(BASE + '/new')
    expect(decodePng(await readFile(join(dir, 'P2.png')))?.text).toBe(m.placements.P2.url)
  })

  it('leaves a file named manifest.json that is no manifest alone, and writes no codes', async () => {
    await writeFile(join(dir, 'manifest.json'), '{"mine": true}')
    const result = await generate({ placements: [poster('P1')], outDir: dir })
    expect(result.problems.map((p) => p.message)).toEqual([
      `cannot use ${dir}: ${join(dir, 'manifest.json')} is not a touchtrail-qr manifest (version 1); it was left as it is; nothing written`,
    ])
    expect(await readdir(dir)).toEqual(['manifest.json'])
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe('{"mine": true}')
  })

  it('reports a URL too long for any QR code without stopping the batch', async () => {
    const result = await generate({ placements: [poster('BIG', `${BASE}/?x=${'a'.repeat(3000)}`), poster('P1')], outDir: dir, errorCorrection: 'H' })
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^row 1 \(BIG\): the tagged URL \(3\d{3} characters\) is too long for a QR code; skipped$/)])
    expect(result.written.map((e) => e.code)).toEqual(['P1'])
  })

  it('reports progress once per placement, written or not', async () => {
    const calls: [number, number][] = []
    const placements = [...Array.from({ length: 9 }, (_, i) => poster(`P${i}`)), poster('P0')]
    await generate({ placements, outDir: dir, formats: ['svg'], onProgress: (done, total) => calls.push([done, total]) })
    expect(calls).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 10]))
  })

  it('rejects options it cannot work with', async () => {
    const outDir = dir
    await expect(generate({ placements: [], outDir, baseUrl: 'shop.example.com' })).rejects.toThrow('base URL "shop.example.com" is not an http(s) URL')
    await expect(generate({ placements: [], outDir, formats: ['jpg' as 'png'] })).rejects.toThrow('formats must be svg and/or png, not "jpg"')
    await expect(generate({ placements: [], outDir, param: 'a b' })).rejects.toThrow('param "a b" may hold only letters, digits, _ and -')
    await expect(generate({ placements: join(dir, 'missing.csv'), outDir })).rejects.toThrow(`cannot read ${join(dir, 'missing.csv')}: ENOENT`)
  })
})

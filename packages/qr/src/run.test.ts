// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { decodePng } from '../e2e/decode.js'
import type { Manifest } from './manifest.js'
import { PROGRESS_MIN } from './progress.js'
import { HELP, main } from './run.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/placements.csv', import.meta.url))

/** A stream that keeps what is written; `tty` makes it look like a terminal. */
const stream = (tty = false) => {
  const s = Object.assign(new PassThrough(), { isTTY: tty, columns: 100, text: '' })
  s.on('data', (d) => (s.text += d))
  return s
}
let dir: string
let out: ReturnType<typeof stream>
let err: ReturnType<typeof stream>
const run = (...argv: string[]) => main(argv, { stdout: out, stderr: err })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-qr-cli-'))
  out = stream()
  err = stream()
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

// Writing and decoding PNGs takes seconds on a busy two-core machine.
describe('touchtrail-qr', { timeout: 60_000 }, () => {
  it('prints its help', async () => {
    expect(await run('--help')).toBe(0)
    expect(out.text).toBe(HELP)
    expect(HELP).toMatch(/^Usage: touchtrail-qr <placements\.csv\|placements\.json> --out <dir> \[options\]/)
  })

  it('writes every code and the manifest and says so', async () => {
    expect(await run(FIXTURE, '--out', dir, '--base-url', 'https://shop.example.com', '--format', 'png')).toBe(0)
    expect(err.text).toBe('')
    expect(out.text).toBe(`touchtrail-qr: wrote 5 of 5 codes (5 files) to ${dir}; manifest: ${join(dir, 'manifest.json')}\n`)
    const manifest: Manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    for (const entry of Object.values(manifest.placements)) expect(decodePng(await readFile(join(dir, entry.files.png!)))?.text).toBe(entry.url)
  })

  it('passes the tag, parameter and print options on', async () => {
    const args = ['--out', dir, '-b', 'https://shop.example.com', '--tag', 'utm', '--error-correction', 'm', '--size-mm', '25', '--png-width', '300']
    expect(await run(FIXTURE, ...args)).toBe(0)
    const manifest: Manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest.placements['FAIR-B4']).toMatchObject({
      url: 'https://shop.example.com/fair?utm_source=iaa&utm_medium=qr&utm_campaign=fair-2027&utm_content=FAIR-B4#booth',
      errorCorrection: 'M',
    })
    expect(await readFile(join(dir, 'FAIR-B4.svg'), 'utf8')).toMatch(/^<svg width="25mm" height="25mm"/)
    expect(await run(FIXTURE, '-o', join(dir, 'p'), '-b', 'https://shop.example.com', '--param', 'qr', '-f', 'svg')).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'p', 'manifest.json'), 'utf8')).placements['FAIR-B4'].url).toBe(
      'https://shop.example.com/fair?qr=FAIR-B4&utm_medium=qr&utm_campaign=fair-2027#booth',
    )
  })

  it('exits 1 with each problem and a summary when some codes were not written', async () => {
    const csv = join(dir, 'p.csv')
    await writeFile(csv, 'code,kind,landing\nP1,poster,https://shop.test/\nP1,flyer,https://shop.test/\nP2,poster,not a url\nP3,poster,https://shop.test/\n')
    expect(await run(csv, '--out', join(dir, 'qr'))).toBe(1)
    expect(err.text).toBe(
      'touchtrail-qr: row 3 (P1): duplicate code, first on row 2; skipped\n' +
        'touchtrail-qr: row 4 (P2): landing URL "not a url" is not a URL (a path needs a base URL); skipped\n',
    )
    expect(out.text).toBe(`touchtrail-qr: wrote 2 of 4 codes (4 files) to ${join(dir, 'qr')}; manifest: ${join(dir, 'qr', 'manifest.json')}; 2 problems above\n`)
  })

  it('exits 2 on a usage error or an unreadable file, pointing to --help', async () => {
    expect(await run()).toBe(2)
    expect(await run(FIXTURE)).toBe(2)
    expect(await run(FIXTURE, '--out', dir, '--colour', 'red')).toBe(2)
    expect(await run(FIXTURE, '--out', dir, '--tag', 'long')).toBe(2)
    expect(await run(FIXTURE, '--out', dir, '--error-correction', 'L')).toBe(2)
    expect(await run(FIXTURE, '--out', dir, '--size-mm', 'big')).toBe(2)
    expect(await run(join(dir, 'missing.csv'), '--out', dir)).toBe(2)
    expect(err.text.split('\n').filter((l) => l.startsWith('touchtrail-qr: '))).toEqual([
      'touchtrail-qr: give one placements file (CSV or JSON)',
      'touchtrail-qr: --out <dir> is missing',
      "touchtrail-qr: Unknown option '--colour'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--colour\"",
      'touchtrail-qr: --tag must be short or utm, not "long"',
      'touchtrail-qr: --error-correction must be M, Q or H, not "L"',
      'touchtrail-qr: --size-mm must be a positive number, not "big"',
      `touchtrail-qr: cannot read ${join(dir, 'missing.csv')}: ENOENT`,
    ])
    expect(err.text.match(/Run touchtrail-qr --help for usage\./g)).toHaveLength(3)
    expect(out.text).toBe('')
  })

  it('draws a progress bar on a terminal for a large batch, and nothing in a pipe or for a small one', async () => {
    const csv = join(dir, 'many.csv')
    const rows = Array.from({ length: PROGRESS_MIN }, (_, i) => `P${i},poster,https://shop.test/`)
    await writeFile(csv, ['code,kind,landing', ...rows].join('\n'))
    err = stream(true)
    expect(await run(csv, '--out', join(dir, 'tty'), '-f', 'svg')).toBe(0)
    expect(err.text).toContain(`touchtrail-qr [`)
    expect(err.text).toContain(`] ${PROGRESS_MIN}/${PROGRESS_MIN} codes`)
    err = stream(false)
    expect(await run(csv, '--out', join(dir, 'pipe'), '-f', 'svg')).toBe(0)
    expect(err.text).toBe('')
    err = stream(true)
    expect(await run(FIXTURE, '--out', join(dir, 'small'), '-b', 'https://shop.test', '-f', 'svg')).toBe(0)
    expect(err.text).toBe('')
  })
})

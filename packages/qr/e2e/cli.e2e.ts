import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pkg from '../package.json'
import { decodePng } from './decode.js'

const PACKAGE = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(PACKAGE, pkg.bin['touchtrail-qr'])
const FIXTURE = join(PACKAGE, 'fixtures/placements.csv')

/** Run the built command as a shell would: the file itself, through its shebang. */
const run = (...args: string[]) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
    execFile(BIN, args, (error, stdout, stderr) => resolve({ status: error ? (error.code as number) : 0, stdout, stderr })),
  )

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tt-qr-bin-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the touchtrail-qr command', () => {
  it('is an executable file that starts with a node shebang', async () => {
    expect((await readFile(BIN, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node')
    expect((await stat(BIN)).mode & 0o111).toBe(0o111)
  })

  it('prints its help', async () => {
    const { status, stdout } = await run('--help')
    expect(status).toBe(0)
    expect(stdout).toContain('Usage: touchtrail-qr <placements.csv|placements.json> --out <dir>')
  })

  it('writes decodable codes and the manifest, exit status 0', async () => {
    const { status, stdout, stderr } = await run(FIXTURE, '--out', dir, '--base-url', 'https://shop.example.com')
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' })
    expect(stdout).toBe(`touchtrail-qr: wrote 5 of 5 codes (10 files) to ${dir}; manifest: ${join(dir, 'manifest.json')}\n`)
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
    for (const entry of Object.values<{ url: string; files: { png: string } }>(manifest.placements))
      expect(decodePng(await readFile(join(dir, entry.files.png)))?.text).toBe(entry.url)
  })

  it('keeps the good codes and exits 1 with a summary when some rows are bad', async () => {
    const json = join(dir, 'placements.json')
    await writeFile(
      json,
      JSON.stringify([
        { code: 'OK-1', kind: 'flyer', landing: 'https://shop.example.com/' },
        { code: 'OK-1', kind: 'poster', landing: 'https://shop.example.com/x' },
        { code: 'BAD', kind: 'poster', landing: 'shop.example.com' },
        { code: 'OK-2', kind: 'booth', landing: 'https://shop.example.com/fair' },
      ]),
    )
    const out = join(dir, 'qr')
    const { status, stdout, stderr } = await run(json, '-o', out, '-f', 'svg')
    expect(status).toBe(1)
    expect(stderr).toBe(
      'touchtrail-qr: row 2 (OK-1): duplicate code, first on row 1; skipped\n' +
        'touchtrail-qr: row 3 (BAD): landing URL "shop.example.com" is not a URL (a path needs a base URL); skipped\n',
    )
    expect(stdout).toContain('wrote 2 of 4 codes (2 files)')
    expect((await readdir(out)).sort()).toEqual(['OK-1.svg', 'OK-2.svg', 'manifest.json'])
  })

  it('exits 1, writing nothing, when the output folder cannot be made', async () => {
    await writeFile(join(dir, 'taken'), '')
    const { status, stdout, stderr } = await run(FIXTURE, '--out', join(dir, 'taken', 'qr'), '-b', 'https://shop.example.com')
    expect(status).toBe(1)
    expect(stderr).toBe(`touchtrail-qr: cannot use ${join(dir, 'taken', 'qr')}: a file is in the way of the folder (ENOTDIR); nothing written\n`)
    expect(stdout).toBe(`touchtrail-qr: wrote 0 of 5 codes (0 files) to ${join(dir, 'taken', 'qr')}; no manifest; 1 problem above\n`)
  })
})

// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, test } from 'vitest'
import { main } from '../main.js'

const dir = mkdtempSync(join(tmpdir(), 'touchtrail-serve-flags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `serve` until it prints where it listens (or fails), then stops it. */
async function serve(args: string[]) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.on('data', (c: Buffer) => (err += c.toString()))
  const stop = new AbortController()
  const code = main(['serve', '--db', ':memory:', '--port', '0', ...args], { stdout, stderr, signal: stop.signal, env: {} })
  const listening = new Promise<void>((resolve) => stdout.on('data', () => /listening on/.test(out) && resolve()))
  await Promise.race([listening, code])
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1]
  return { url, out: () => out, err: () => err, code, stop: () => (stop.abort(), code) }
}

describe('touchtrail-collector serve and the dashboard', () => {
  test('says where the dashboard is, names QR placements and maps phases from files', async () => {
    const manifest = join(dir, 'manifest.json')
    writeFileSync(manifest, JSON.stringify({ format: 'touchtrail-qr', version: 1, placements: {} }))
    const phases = join(dir, 'phases.json')
    writeFileSync(phases, '{"newsletter_signup": "advocacy"}')
    const cli = await serve(['--qr-manifest', manifest, '--phases', phases])
    expect(cli.out()).toContain(`touchtrail-collector: dashboard at ${cli.url}/dashboard`)
    const report = await (await fetch(`${cli.url}/api/report`)).json()
    expect(report.qr).toEqual({ manifest: true, placements: [] })
    expect(await cli.stop()).toBe(0)
  })

  test('leaves the dashboard out with --no-dashboard, and opens it to a key', async () => {
    const off = await serve(['--no-dashboard'])
    expect(off.out()).not.toContain('dashboard at')
    expect((await fetch(`${off.url}/dashboard`)).status).toBe(404)
    await off.stop()
    const keyed = await serve(['--dashboard-key', 'k-1'])
    expect((await fetch(`${keyed.url}/api/report`)).status).toBe(401)
    expect((await fetch(`${keyed.url}/api/report?key=k-1`)).status).toBe(200)
    await keyed.stop()
  })

  test('refuses to start on a QR manifest or a phase mapping it cannot read', async () => {
    const missing = await serve(['--qr-manifest', join(dir, 'nope.json')])
    expect(await missing.code).toBe(1)
    expect(missing.err()).toContain('cannot read the QR manifest')
    const bad = join(dir, 'bad-phases.json')
    writeFileSync(bad, '{"share": "loyalty"}')
    const wrong = await serve(['--phases', bad])
    expect(await wrong.code).toBe(1)
    expect(wrong.err()).toContain('phase of "share" must be one of')
  })
})

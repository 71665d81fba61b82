import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DAY, DIRECT, T0, qrTouch, visit } from '../test/report-events.js'
import { findConversions } from './conversions.js'
import { parseQrManifest, qrReport, readQrManifest } from './qr.js'
import { buildSessions } from './sessions.js'

const MANIFEST = {
  format: 'touchtrail-qr',
  version: 1,
  param: 'tt_qr',
  placements: {
    'FAIR-BOOTH-12': { code: 'FAIR-BOOTH-12', kind: 'booth', location: 'Hall 4, booth 12', campaign: 'trade-fair-2026', landing: 'https://shop.example/fair', files: { svg: 'x.svg' } },
    'POSTER-HBF': { code: 'POSTER-HBF', kind: 'poster', location: 'Berlin Hbf', campaign: 'autumn' },
  },
}

describe('QR placements', () => {
  test('reads the generator manifest and refuses a file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchtrail-qr-'))
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(MANIFEST))
    writeFileSync(join(dir, 'other.json'), '{"placements": {}}')
    const manifest = await readQrManifest(join(dir, 'manifest.json'))
    expect(manifest['FAIR-BOOTH-12']).toEqual({ code: 'FAIR-BOOTH-12', kind: 'booth', location: 'Hall 4, booth 12', campaign: 'trade-fair-2026', source: undefined, landing: 'https://shop.example/fair' })
    await expect(readQrManifest(join(dir, 'other.json'))).rejects.toThrow('is not a touchtrail-qr manifest')
    await expect(readQrManifest(join(dir, 'missing.json'))).rejects.toThrow('cannot read the QR manifest')
  })

  test('counts scans, sessions and the purchases that followed per placement, unscanned ones too', () => {
    const events = [
      // Scanned twice in one session, bought three weeks later after a direct visit.
      ...visit('buyer', T0, qrTouch('FAIR-BOOTH-12'), [[0, 'qr_scan', { code: 'FAIR-BOOTH-12', scans: 1 }], [0, 'page'], [5, 'qr_scan', { code: 'FAIR-BOOTH-12', scans: 2 }]]),
      ...visit('buyer', T0 + 21 * DAY, DIRECT, [[0, 'page'], [4, 'purchase', { value: 169.6 }]]),
      // Someone else scanned a code that is not in the manifest.
      ...visit('other', T0, qrTouch('OLD-FLYER'), [[0, 'qr_scan', { code: 'OLD-FLYER' }], [0, 'page']]),
    ]
    const sessions = buildSessions(events)
    const { conversions } = findConversions(sessions)
    const rows = qrReport(sessions, conversions, parseQrManifest(MANIFEST))
    expect(rows.map(({ code, kind, scans, sessions, purchases, revenue, inManifest }) => ({ code, kind, scans, sessions, purchases, revenue, inManifest }))).toEqual([
      { code: 'FAIR-BOOTH-12', kind: 'booth', scans: 2, sessions: 1, purchases: 1, revenue: 169.6, inManifest: true },
      { code: 'POSTER-HBF', kind: 'poster', scans: 0, sessions: 0, purchases: 0, revenue: 0, inManifest: true },
      { code: 'OLD-FLYER', kind: undefined, scans: 1, sessions: 1, purchases: 0, revenue: 0, inManifest: false },
    ])
  })

  test('treats codes named like what every object inherits as codes, in the manifest and out of it', () => {
    const codes = ['toString', 'constructor', '__proto__', 'hasOwnProperty']
    const events = codes.flatMap((code, i) => visit(`v-${code}`, T0 + i * DAY, qrTouch(code), [[0, 'page'], [0, 'qr_scan', { code }], [1, 'purchase', { value: 10 }]]))
    const sessions = buildSessions(events)
    const { conversions } = findConversions(sessions)
    // JSON.parse keeps "__proto__" as a key of its own, as a manifest file read from disk would.
    const manifest = parseQrManifest(JSON.parse('{"format":"touchtrail-qr","placements":{"__proto__":{"kind":"poster"}}}'))
    const rows = qrReport(sessions, conversions, manifest)
    expect(rows.map(({ code, kind, scans, sessions, purchases, revenue, inManifest }) => ({ code, kind, scans, sessions, purchases, revenue, inManifest }))).toEqual([
      { code: '__proto__', kind: 'poster', scans: 1, sessions: 1, purchases: 1, revenue: 10, inManifest: true },
      ...['toString', 'constructor', 'hasOwnProperty'].map((code) => ({ code, kind: undefined, scans: 1, sessions: 1, purchases: 1, revenue: 10, inManifest: false })),
    ])
  })
})

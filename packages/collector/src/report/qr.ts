import { readFile } from 'node:fs/promises'
import type { Conversion } from './conversions.js'
import type { Session } from './sessions.js'

/** What the report shows of one placement from `@touchtrail/qr`'s `manifest.json`. */
export interface QrPlacement {
  code: string
  /** `poster`, `flyer`, `booth`, `packaging`, `print-ad`. */
  kind?: string
  location?: string
  campaign?: string
  source?: string
  landing?: string
}

/** Placements by code, as read by {@link readQrManifest}. */
export type QrManifest = Record<string, QrPlacement>

/** One placement's funnel: scans → sessions → purchases. */
export interface QrRow extends QrPlacement {
  /** `qr_scan` events: every scan, a second scan in the same session included. */
  scans: number
  /** Sessions with at least one scan of this code. */
  sessions: number
  /** Purchases whose path (lookback window) has a session with a scan of this code. */
  purchases: number
  /** Their value. */
  revenue: number
  /** Whether the manifest lists the code (a code scanned but not in it was printed from elsewhere). */
  inManifest: boolean
}

/**
 * Reads the generator's `manifest.json` (format `touchtrail-qr`, version 1) into placements by code.
 *
 * @example
 * const manifest = await readQrManifest('qr/manifest.json')
 * manifest['BER-HBF-01'].location // 'Berlin Hbf, platform 3'
 */
export async function readQrManifest(path: string): Promise<QrManifest> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new Error(`cannot read the QR manifest ${path}: ${(error as Error).message}`)
  }
  return parseQrManifest(json, path)
}

/** The placements of a parsed `manifest.json`; throws when it is not one. */
export function parseQrManifest(json: unknown, name = 'manifest'): QrManifest {
  const manifest = json as { format?: unknown; placements?: unknown }
  if (manifest?.format !== 'touchtrail-qr' || manifest.placements === null || typeof manifest.placements !== 'object') {
    throw new Error(`${name} is not a touchtrail-qr manifest (no "format": "touchtrail-qr" with "placements")`)
  }
  // Without a prototype, a code such as `__proto__` or `toString` is a placement like any other.
  const out: QrManifest = Object.create(null)
  for (const [code, raw] of Object.entries(manifest.placements as Record<string, Record<string, unknown>>)) {
    const field = (key: string) => (typeof raw?.[key] === 'string' && raw[key] ? (raw[key] as string) : undefined)
    out[code] = { code, kind: field('kind'), location: field('location'), campaign: field('campaign'), source: field('source'), landing: field('landing') }
  }
  return out
}

/**
 * Every placement's funnel, the manifest's placements first (in its order, scanned or not: a poster nobody
 * scanned is news too), then codes scanned that the manifest does not list.
 *
 * @param inPeriod whether an event's time lies in the report's period (scans and purchases are counted in it)
 * @example
 * qrReport(sessions, conversions, manifest, () => true)[0] // { code: 'FAIR-BOOTH-12', scans: 1, sessions: 1, purchases: 1, … }
 */
export function qrReport(
  sessions: readonly Session[],
  conversions: readonly Conversion[],
  manifest: QrManifest = {},
  inPeriod: (at: number) => boolean = () => true,
): QrRow[] {
  const rows = new Map<string, QrRow>()
  const row = (code: string) => {
    let r = rows.get(code)
    if (!r) {
      // Codes come from events: `toString` or `constructor` must not find what every object inherits.
      const inManifest = Object.hasOwn(manifest, code)
      rows.set(code, (r = { ...(inManifest ? manifest[code] : { code }), scans: 0, sessions: 0, purchases: 0, revenue: 0, inManifest }))
    }
    return r
  }
  for (const code of Object.keys(manifest)) row(code)
  /** Codes scanned in each session, for the purchases below. */
  const scanned = new Map<Session, Set<string>>()
  for (const session of sessions) {
    const codes = new Set<string>()
    for (const event of session.events) {
      if (event.name !== 'qr_scan') continue
      const code = typeof event.properties.code === 'string' ? event.properties.code : undefined
      if (!code) continue
      codes.add(code)
      if (inPeriod(event.at)) row(code).scans++
    }
    if (!codes.size) continue
    scanned.set(session, codes)
    if (inPeriod(session.start)) for (const code of codes) row(code).sessions++
  }
  for (const conversion of conversions) {
    if (!inPeriod(conversion.at)) continue
    const codes = new Set(conversion.path.flatMap((s) => [...(scanned.get(s) ?? [])]))
    for (const code of codes) {
      const r = row(code)
      r.purchases++
      r.revenue += conversion.value ?? 0
    }
  }
  return [...rows.values()]
}

import { readFile } from 'node:fs/promises'
import type { CheckedPlacement } from './check.js'

/** One written code in the manifest: the placement, the URL its code encodes, and the files. */
export interface ManifestEntry extends CheckedPlacement {
  /** The exact text the QR code encodes (the tagged landing URL). */
  url: string
  /** File names, relative to the manifest, of the formats written. */
  files: { svg?: string; png?: string }
  /** Error correction level of the symbol. */
  errorCorrection: 'M' | 'Q' | 'H'
  /** QR version (1–40). */
  version: number
  /** Modules a side, quiet zone excluded. */
  modules: number
  /** When this code was written (ISO 8601). */
  writtenAt: string
}

/**
 * `manifest.json`: what the collector reads to label scans. `placements` is keyed by code, the
 * `code` property of a `qr_scan` event, so labelling a scan is one lookup.
 */
export interface Manifest {
  /** Always `touchtrail-qr`, so a reader knows the file. */
  format: 'touchtrail-qr'
  /** The shape's version; a reader refuses a major it does not know. */
  version: 1
  /** The query parameter that carries the code (`tt_qr` unless changed). */
  param: string
  /** When the manifest was last written (ISO 8601). */
  updatedAt: string
  placements: Record<string, ManifestEntry>
}

/**
 * Read an existing manifest so a new run adds to it instead of forgetting codes already printed.
 * Resolves to undefined when there is none; rejects, naming the file, when the file is not a manifest.
 */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code == 'ENOENT') return
    throw new Error(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code || (e as Error).message}`)
  }
  let data: Manifest | undefined
  try {
    data = JSON.parse(text)
  } catch {}
  if (data?.format != 'touchtrail-qr' || data.version != 1 || typeof data.placements != 'object' || !data.placements)
    throw new Error(`${path} is not a touchtrail-qr manifest (version 1); it was left as it is`)
  return data
}

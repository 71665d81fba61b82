import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { checkPlacement, type CheckedPlacement } from './check.js'
import { readManifest, type Manifest, type ManifestEntry } from './manifest.js'
import { readPlacements, type Placement } from './placements.js'
import { renderQr, type PrintOptions } from './render.js'
import { tagUrl, type TagOptions } from './tag-url.js'
import { writeFileAtomic } from './write-file.js'

/** Options of {@link generate}. */
export interface GenerateOptions extends PrintOptions, TagOptions {
  /** The placements, or the path of a `.csv` or `.json` file of them (see `parsePlacements`). */
  placements: readonly Placement[] | string
  /** The folder for the codes and `manifest.json`; created when missing. */
  outDir: string
  /** Resolves landing paths (`/spring`) and stands in for a missing landing URL. */
  baseUrl?: string
  /** @default ['svg', 'png'] */
  formats?: readonly ('svg' | 'png')[]
  /** Called after each placement, written or not: for a progress bar. */
  onProgress?: (done: number, total: number) => void
  /** Codes written at once (file writes wait on the disk). @default 4 */
  concurrency?: number
}

/** Something that went wrong; the rest of the batch went on. */
export interface GenerateProblem {
  /** The placement's row (CSV, header = 1) or position (from 1), when it is about one placement. */
  row?: number
  code?: string
  /** What went wrong and what happened, e.g. `row 7 (P01): duplicate code, first on row 3; skipped`. */
  message: string
}

/** What {@link generate} did. */
export interface GenerateResult {
  /** Placements read. */
  total: number
  /** Codes written (at least one file each), in input order; the manifest lists these. */
  written: ManifestEntry[]
  problems: GenerateProblem[]
  /** The manifest's path, once written. */
  manifest?: string
}

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'disk full',
  EISDIR: 'a folder of that name is in the way',
  ENOTDIR: 'a file is in the way of the folder',
  ENOENT: 'the folder does not exist',
}
const why = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code
  return code ? `${WORDS[code] || code} (${code})` : (e as Error).message
}

/**
 * Write a QR code for each placement (an SVG and a PNG of its tagged URL, named `<code>.svg` and
 * `<code>.png`) and `manifest.json`, which maps codes to placements. Each file is written atomically.
 * A bad placement (bad URL, duplicate code, a file that cannot be written) is reported in `problems`
 * and costs only itself; the manifest lists what was written, added to the one already in `outDir`.
 * Resolves even then; rejects only when the placements file cannot be read or an option is unusable.
 *
 * @example
 * const { written, problems } = await generate({ placements: 'placements.csv', outDir: 'qr', baseUrl: 'https://shop.example.com' })
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { outDir, baseUrl, formats = ['svg', 'png'], param = 'tt_qr', onProgress, concurrency = 4 } = options
  if (baseUrl != null && !/^https?:\/\/[^/]/.test(baseUrl)) throw new Error(`base URL "${baseUrl}" is not an http(s) URL`)
  if (!formats.length || formats.some((f) => f != 'svg' && f != 'png')) throw new Error(`formats must be svg and/or png, not "${formats.join(',')}"`)
  if (!/^[\w-]+$/.test(param)) throw new Error(`param "${param}" may hold only letters, digits, _ and -`)
  const placements = typeof options.placements == 'string' ? await readPlacements(options.placements) : options.placements
  const total = placements.length
  const result: GenerateResult = { total, written: [], problems: [] }
  let done = 0
  const progress = () => onProgress?.(++done, total)
  const problem = (message: string, row?: number, code?: string) =>
    result.problems.push({ row, code, message: (row ? `row ${row}${code ? ` (${code})` : ''}: ` : '') + message })

  const manifestPath = join(outDir, 'manifest.json')
  let manifest: Manifest | undefined
  try {
    await mkdir(outDir, { recursive: true })
    manifest = await readManifest(manifestPath)
  } catch (e) {
    problem(`cannot use ${outDir}: ${(e as NodeJS.ErrnoException).code ? why(e) : (e as Error).message}; nothing written`)
    return result
  }

  // Check every placement first, in order, so a duplicate is reported against the first of its code.
  const first = new Map<string, number>()
  const jobs: { p: CheckedPlacement; row: number; index: number }[] = []
  placements.forEach((raw, index) => {
    const row = raw.row ?? index + 1
    const code = raw.code == null ? undefined : String(raw.code).trim()
    const key = code?.toLowerCase()
    try {
      if (key && first.has(key)) throw new Error(`duplicate code, first on row ${first.get(key)}`)
      if (key) first.set(key, row)
      jobs.push({ p: checkPlacement(raw, baseUrl), row, index })
    } catch (e) {
      problem(`${(e as Error).message}; skipped`, row, code)
      progress()
    }
  })

  const entries: ManifestEntry[] = []
  const run = async ({ p, row, index }: (typeof jobs)[number]) => {
    try {
      const url = tagUrl(p.landing, p, options)
      const qr = await renderQr(url, formats, options).catch(() => {
        throw new Error(`the tagged URL (${url.length} characters) is too long for a QR code`)
      })
      const files: ManifestEntry['files'] = {}
      for (const format of formats) {
        const name = `${p.code}.${format}`
        try {
          await writeFileAtomic(join(outDir, name), qr[format]!)
          files[format] = name
        } catch (e) {
          problem(`cannot write ${join(outDir, name)}: ${why(e)}`, row, p.code)
        }
      }
      const { errorCorrection = 'Q' } = options
      if (files.svg || files.png)
        entries[index] = { ...p, url, files, errorCorrection, version: qr.version, modules: qr.modules, writtenAt: new Date().toISOString() }
    } catch (e) {
      problem(`${(e as Error).message}; skipped`, row, p.code)
    }
    progress()
  }
  let next = 0
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
    while (next < jobs.length) await run(jobs[next++])
  }))
  result.written = entries.filter(Boolean)

  manifest ||= { format: 'touchtrail-qr', version: 1, param, updatedAt: '', placements: {} }
  manifest.param = param
  manifest.updatedAt = new Date().toISOString()
  for (const entry of result.written) manifest.placements[entry.code] = entry
  try {
    await writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
    result.manifest = manifestPath
  } catch (e) {
    problem(`cannot write ${manifestPath}: ${why(e)}; the codes written are not in a manifest`)
  }
  result.problems.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity))
  return result
}

import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseCsv } from './csv.js'

/** Where a code is printed. */
export const KINDS = ['poster', 'flyer', 'booth', 'packaging', 'print-ad'] as const

/** One of {@link KINDS}. */
export type PlacementKind = (typeof KINDS)[number]

/** One printed code: where it hangs and where it leads. */
export interface Placement {
  /**
   * The placement's id, in the URL and in file names: 1–64 letters, digits, `_` or `-`, starting with a
   * letter or digit; unique ignoring case (file systems may ignore it).
   */
  code: string
  /** `poster`, `flyer`, `booth`, `packaging` or `print-ad` (case, spaces and `_` are forgiven). */
  kind: PlacementKind
  /** Where the scan leads: an http(s) URL, or a path resolved against `baseUrl`. @default baseUrl */
  landing?: string
  /** The campaign (`utm_campaign`), e.g. `spring-2027`. */
  campaign?: string
  /** Who shows it (`utm_source` in `tag: 'utm'`), e.g. the magazine or the poster company. */
  source?: string
  /** Where it is, in words, e.g. `Berlin Hbf, platform 3`. */
  location?: string
  /** Where it was read from, for messages: the spreadsheet row (header = 1) or the position in a list (from 1). */
  row?: number
}

const FIELDS = ['code', 'kind', 'landing', 'campaign', 'source', 'location'] as const
/** Column names people write for the landing URL. */
const ALIASES: Record<string, (typeof FIELDS)[number]> = { landingurl: 'landing', url: 'landing' }

const field = (name: string, where: string) => {
  const key = name.toLowerCase().replace(/[^a-z]/g, '')
  const found = ALIASES[key] || FIELDS.find((f) => f == key)
  if (!found) throw new Error(`${where}: unknown column "${name}" (columns: ${FIELDS.join(', ')})`)
  return found
}

/**
 * Read placements from CSV (a header row naming the columns `code`, `kind`, `landing`, `campaign`,
 * `source`, `location`, in any order) or JSON (an array of placements, or `{ "placements": [...] }`).
 * Values are checked later, by {@link generate}, so one bad row costs only itself. Throws on text
 * that is not such a file, naming the problem.
 *
 * @example
 * parsePlacements('code,kind,landing\nP01,poster,https://shop.example.com/', 'csv')
 */
export function parsePlacements(text: string, format: 'csv' | 'json', name = format.toUpperCase()): Placement[] {
  if (format == 'json') {
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (e) {
      throw new Error(`${name} is not valid JSON: ${(e as Error).message}`)
    }
    const list = Array.isArray(data) ? data : (data as { placements?: unknown })?.placements
    if (!Array.isArray(list)) throw new Error(`${name} must hold an array of placements, or { "placements": [...] }`)
    return list.map((item, i) => {
      const p: Record<string, unknown> = { row: i + 1 }
      if (item && typeof item == 'object') for (const key in item) p[field(key, `${name}, placement ${i + 1}`)] = (item as Record<string, unknown>)[key]
      return p as unknown as Placement
    })
  }
  const [head, ...rows] = parseCsv(text)
  if (!head) throw new Error(`${name} is empty; it needs a header row (${FIELDS.join(', ')})`)
  const columns = head.cells.map((c) => field(c.trim(), name))
  if (!columns.includes('code') || !columns.includes('kind')) throw new Error(`${name}: the header row needs the columns code and kind`)
  return rows.map(({ cells, line }) => {
    const p: Record<string, unknown> = { row: line }
    columns.forEach((c, i) => cells[i]?.trim() && (p[c] = cells[i].trim()))
    return p as unknown as Placement
  })
}

/** Read a `.csv` or `.json` file of placements (see {@link parsePlacements}); other names are read as CSV. */
export async function readPlacements(path: string): Promise<Placement[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${path}: ${e.code || e.message}`)
  })
  return parsePlacements(text, extname(path).toLowerCase() == '.json' ? 'json' : 'csv', path)
}

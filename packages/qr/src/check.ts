import { KINDS, type Placement, type PlacementKind } from './placements.js'

/** A placement after {@link checkPlacement}: every field a trimmed string, the landing absolute. */
export interface CheckedPlacement extends Placement {
  landing: string
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

const text = (value: unknown, name: string): string | undefined => {
  if (value == null || value === '') return
  if (typeof value != 'string' && typeof value != 'number') throw new Error(`${name} must be text`)
  return String(value).trim() || undefined
}

/**
 * Check one placement and resolve its landing URL against `baseUrl`. Throws an Error whose message
 * says what is wrong, e.g. `landing URL "htp://x" is not an http(s) URL`.
 */
export function checkPlacement(p: Placement, baseUrl?: string): CheckedPlacement {
  const code = text(p.code, 'code')
  if (!code) throw new Error('code is missing')
  if (!CODE.test(code)) throw new Error(`code "${code}" may hold only letters, digits, _ and - (1 to 64, starting with a letter or digit)`)
  // The browser plugin counts a session's scans per code in a plain object, as stored JSON must be.
  if (code in Object.prototype) throw new Error(`code "${code}" is the name of a built-in JavaScript property; choose another`)
  const rawKind = text(p.kind, 'kind')
  const kind = rawKind?.toLowerCase().replace(/[\s_]+/g, '-') as PlacementKind
  if (!KINDS.includes(kind)) throw new Error(`kind ${rawKind ? `"${rawKind}" ` : ''}is not one of ${KINDS.join(', ')}`)
  const raw = text(p.landing, 'landing') ?? baseUrl
  if (!raw) throw new Error('landing URL is missing (or pass a base URL)')
  let url: URL
  try {
    url = new URL(raw, baseUrl)
  } catch {
    throw new Error(`landing URL "${raw}" is not a URL${baseUrl ? '' : ' (a path needs a base URL)'}`)
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname) throw new Error(`landing URL "${raw}" is not an http(s) URL`)
  return {
    code,
    kind,
    landing: url.href,
    campaign: text(p.campaign, 'campaign'),
    source: text(p.source, 'source'),
    location: text(p.location, 'location'),
  }
}

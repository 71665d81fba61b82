import { UAParser } from 'ua-parser-js'

/** What the collector keeps of a user agent: never the string itself. */
export interface ParsedUserAgent {
  browser: { name: string; version?: string } | undefined
  os: { name: string; version?: string } | undefined
  /** `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `xr`, `embedded`, or `desktop`. */
  device: { type: string; vendor?: string; model?: string } | undefined
}

const MAX_CACHED = 2000
const cache = new Map<string, ParsedUserAgent>()

/**
 * Parses a user agent into browser, OS and device with ua-parser-js, the parser Matomo-class tools rely on.
 *
 * A batch's events share one user agent and a shop's visitors share few, so results are cached: parsing costs
 * tens of microseconds, a lookup nothing. The cache is emptied when full, which bounds its memory.
 *
 * @example
 * parseUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … Safari/604.1').device // { type: 'mobile', … }
 */
export function parseUserAgent(userAgent: string): ParsedUserAgent {
  const cached = cache.get(userAgent)
  if (cached) return cached
  // `new UAParser(ua).getResult()` is the call both the 1.x and 2.x lines of ua-parser-js share.
  const result = new UAParser(userAgent).getResult()
  const parsed: ParsedUserAgent = {
    browser: result.browser.name ? compact({ name: result.browser.name, version: result.browser.version }) : undefined,
    os: result.os.name ? compact({ name: result.os.name, version: result.os.version }) : undefined,
    // ua-parser-js leaves the type out for desktops; without a recognised browser it is no desktop we can name.
    device:
      result.device.type || result.browser.name
        ? compact({ type: result.device.type ?? 'desktop', vendor: result.device.vendor, model: result.device.model })
        : undefined,
  }
  if (cache.size >= MAX_CACHED) cache.clear()
  cache.set(userAgent, parsed)
  return parsed
}

/** Drops `undefined` fields so the stored JSON has no `"version": null` noise. */
function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key]
  return value
}

import { isbot } from 'isbot'
import { UAParser } from 'ua-parser-js'

/** What the collector keeps of a user agent: never the string itself. */
export interface ParsedUserAgent {
  browser: { name: string; version?: string } | undefined
  os: { name: string; version?: string } | undefined
  /** `mobile`, `tablet`, `smarttv`, `console`, `wearable`, `xr`, `embedded`, `desktop`, or `bot` (see {@link isBrowserBot}). */
  device: { type: string; vendor?: string; model?: string } | undefined
}

const MAX_CACHED = 2000
const cache = new Map<string, ParsedUserAgent>()

/**
 * Whether a user agent is a crawler or an automated browser that runs pages' scripts (Googlebot's renderer,
 * Bingbot, headless Chrome, monitoring and preview bots), by isbot's pattern list. Only browser-like agents
 * (`Mozilla/…`) are judged: a library (`node`, `curl`, `python-requests`) runs no page's script, so what it
 * sends is a server-side integration reporting real visitors (Segment's server libraries say `analytics-node`),
 * whatever isbot thinks of its name.
 *
 * @example
 * isBrowserBot('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)') // true
 * isBrowserBot('node') // false
 */
export function isBrowserBot(userAgent: string): boolean {
  return userAgent.startsWith('Mozilla/') && isbot(userAgent)
}

/**
 * Parses a user agent into browser, OS and device with ua-parser-js, the parser Matomo-class tools rely on, and
 * marks bots ({@link isBrowserBot}) with the device type `bot`.
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
    // A bot's device type is `bot`, whatever it poses as (Googlebot comes as a smartphone too): the column
    // reports filter on.
    device: isBrowserBot(userAgent)
      ? { type: 'bot' }
      : result.device.type || result.browser.name
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

import type { Plugin, TrackerEvent } from './types.js'

/** Options of {@link scrub}. */
export interface ScrubOptions {
  /**
   * Query parameters whose values are always removed from URLs (case-insensitive), in addition to
   * any parameter whose value looks like an email address or phone number.
   * @default {@link SENSITIVE_PARAMS}
   */
  params?: string[]
  /** Property keys whose values are always redacted (case-insensitive). @default {@link SENSITIVE_KEYS} */
  keys?: string[]
  /** The site's own rule, run on every string after the built-in ones. */
  custom?: (value: string) => string
}

/** Query parameters whose values never leave the page. */
export const SENSITIVE_PARAMS = [
  'email', 'e-mail', 'mail', 'phone', 'tel', 'mobile', 'iban', 'otp',
  'token', 'access_token', 'id_token', 'refresh_token', 'auth_token', 'auth', 'authorization', 'key', 'api_key', 'api-key', 'apikey',
  'password', 'passwd', 'pass', 'pwd', 'secret', 'client_secret', 'sid', 'session', 'session_id', 'sessionid', 'phpsessid', 'jsessionid',
]
/** Property keys whose values never leave the page. (Not `name`: `context.campaign.name` is the campaign.) */
export const SENSITIVE_KEYS = ['email', 'e-mail', 'phone', 'tel', 'mobile', 'password', 'pass', 'pwd', 'token', 'secret', 'iban']

/** What replaces a secret. */
export const REDACTED = '[redacted]'

// An email address, also percent-encoded (%40, a `+` as %2B) as it appears inside URLs; not an image's pixel
// density (`hero@2x.jpg`). Tried only where a run of local-part characters begins (not inside a %2B): tried at each of
// them, a long run without an `@` (a URL with 30 KB of state in it) cost time quadratic in its length,
// half a second for 30 KB.
const EMAIL = /(?<![\w.+-])(?!(?<=%)2B)(?:[\w.+-]|%2B)+(?:@|%40)(?![\d.]+x\.)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi
// A phone number: an international prefix (+ or 00) and a country code (never 0), or a trunk 0,
// then at least 8 more digits with the usual separators; or a US number, 3-3-4 digits whose area code
// (never 0 or 1) is in parentheses or followed by a separator, perhaps after a 1 or +1. In a URL a
// separator may be %20 or a `+` (a space in a query string), a parenthesis %28/%29. Dates (2026-11-23),
// prices, IPs, versions and plain ids have no such prefix, too few digits or another grouping; ids
// padded with zeros (SAP's 000000000000123456) no country. Ten bare digits (4155550100) stay: as many
// ids and Unix times look just like that. Nothing joined to it by `-` is part of it either: a UUID that
// begins `00301659-1798-` is no number. Each part is bounded, so every start costs the same.
const PHONE = /(?<![\w.-](?<!%20))(?:(?:\+|%2B|00)[1-9]\d{0,2}(?:[\s+./-]|%20)?(?:\(0\)(?:[\s+./-]|%20)?)?(?:\d(?:[\s+./-]|%20)?){6,12}\d|0\d{2,5}(?:[\s+/-]|%20)\d(?:[\s+-]|%20)?(?:\d(?:[\s+-]|%20)?){4,9}\d|(?:(?:\+|%2B|)1(?:[\s+.-]|%20))?(?:\(|%28)?[2-9]\d\d(?:(?:\)|%29)(?:[\s+.-]|%20)?|(?:[\s+.-]|%20))\d{3}(?:[\s+.-]|%20)\d{4})(?![\w-]|\.\d)/gi

// Keys whose values are product and order ids, never phone numbers: a US product's GTIN-13 or UPC-A
// (`0012345678905`, `004963406072`) has the shape of an international number written without spaces.
const ID_KEYS = /^(?:(?:item|product|transaction|order)_?id|sku|gtin\d*|ean\d*|upc)$/i

/**
 * Remove email addresses and phone numbers from a string; in a URL, also the values of sensitive
 * query parameters. Everything else is left exactly as it was. `id`: the string is a product or order
 * id, which may look like a phone number; emails are still removed.
 */
export function scrubString(value: string, params: string[] = SENSITIVE_PARAMS, id?: boolean): string {
  let out = value.replace(EMAIL, REDACTED)
  if (!id) out = out.replace(PHONE, REDACTED)
  // Query strings and path parameters (;jsessionid=): blank the values of sensitive parameters, keep
  // their names so a report still sees the parameter was there. First where a URL is nested in a value,
  // raw or percent-encoded (?next=/reset?token=…, ?redirect=…%3Faccess_token%3D…): a value ends at the
  // nested ? or & (%3F, %26). A name holds no %: it ends at %3D, and a long run of %3F stays linear.
  // Then each whole value up to the next & or #: a password may hold a ? or %26 itself. Names are
  // compared unescaped by unescape(), which never throws: decodeURIComponent threw on a malformed name
  // (?%E0=1), and the whole event then went out unscrubbed.
  for (const re of [/([?&#;]|%2[36]|%3F)([^?&#;%=]+)(=|%3D)(?:[^?&#;%]|%(?!2[36]|3F))*/gi, /([?&#])([^?&#=]+)(=)[^&#]*/g])
    out = out.replace(re, (all, sep: string, name: string, eq: string) =>
      params.includes(unescape(name).toLowerCase()) ? sep + name + eq + REDACTED : all,
    )
  return out
}

/**
 * A plugin that scrubs personal data from every event before it leaves the page: email addresses,
 * phone numbers and sensitive query parameters in URLs, referrers, titles and every property value,
 * and the values of sensitive property keys. Product and order ids (`item_id`, `transaction_id`, `sku`,
 * `gtin`, …) are not read as phone numbers. Register it last, so it sees what other plugins added.
 *
 * @example
 * createTracker({ endpoint, plugins: [attribution(), scrub({ params: ['voucher'] })] })
 */
export function scrub({ params = SENSITIVE_PARAMS, keys = SENSITIVE_KEYS, custom }: ScrubOptions = {}): Plugin {
  const p = params.map((x) => x.toLowerCase())
  const k = keys.map((x) => x.toLowerCase())
  // One JSON pass walks objects and arrays (events are JSON on the wire anyway): a value under a
  // sensitive key is redacted whole, every other string is scrubbed. Array items are keyed by index.
  const clean = <T>(value: T): T =>
    JSON.parse(
      JSON.stringify(value, (key, v) =>
        key && k.includes(key.toLowerCase()) && v != null && typeof v != 'object'
          ? REDACTED
          : typeof v == 'string'
            ? (custom || String)(scrubString(v, p, ID_KEYS.test(key)))
            : v,
      ),
    )
  return {
    name: 'scrub',
    setup(tracker) {
      // The page's URLs first, before any plugin reads them: attribution stores the campaign it finds
      // there (utm_content=jane@…) on the device, for the visitor's whole journey.
      const offs = [
        tracker.on('event', (ev) => void (ev.context.page = clean(ev.context.page)), true),
        tracker.on('event', (ev: TrackerEvent) => {
          const { library, ...rest } = ev.context
          ev.context = { ...clean(rest), library }
          if (ev.properties) ev.properties = clean(ev.properties)
          if (ev.traits) ev.traits = clean(ev.traits)
          if (ev.name) ev.name = clean(ev.name)
        }),
      ]
      return () => offs.map((off) => off())
    },
  }
}

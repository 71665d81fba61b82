/**
 * Decode what each SDK sends into the events it carries, so the bench collector can count
 * deliveries and duplicates the same way for every SDK: `{ name, n }` per track call (the bench
 * gives every call a counter property `n`) and `{ page: true }` per page view. Pure: no I/O.
 */
import { gunzipSync } from 'node:zlib'

/**
 * @typedef {{ page: true } | { name: string, n: unknown }} Decoded
 * @typedef {{ method: string, url: string, headers?: Record<string, string | string[] | undefined>, body: Buffer }} RawRequest
 */

/** Base64 or base64url to a Buffer. */
const fromBase64 = (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')

const isGzip = (b) => b.length > 2 && b[0] == 0x1f && b[1] == 0x8b

/**
 * The payload of a request as a value: gzip is unpacked, a form body's `data` field (Mixpanel,
 * older PostHog) is read, and base64 inside it decoded; JSON is parsed. Returns undefined for a
 * body that carries no JSON (a page's GET, a preflight).
 *
 * @param {RawRequest} req
 * @returns {unknown}
 */
export function payload(req) {
  let body = req.body
  if (isGzip(body)) body = gunzipSync(body)
  let text = body.toString('utf8')
  if (!text && req.method == 'GET') text = new URL(req.url, 'http://x').searchParams.get('data') || ''
  const json = (t) => {
    try {
      return JSON.parse(t)
    } catch {
      return undefined
    }
  }
  const direct = json(text)
  if (direct !== undefined) return direct
  const data = new URLSearchParams(text).get('data')
  if (data == null) return undefined
  const plain = json(data)
  if (plain !== undefined) return plain
  const bytes = fromBase64(data)
  return json((isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8'))
}

const list = (v) => (Array.isArray(v) ? v : v == null ? [] : [v])

/** A track call of the bench, or undefined when `props` lacks the counter. */
const call = (name, props) => (props && typeof props == 'object' && 'n' in props ? { name, n: props.n } : undefined)

/** Segment Spec messages: touchtrail, Segment, RudderStack (one message, or `{ batch }`). */
function spec(p) {
  return list(p && typeof p == 'object' && 'batch' in p ? p.batch : p).map((e) =>
    e?.type == 'page' ? { page: true } : e?.type == 'track' ? call(e.event, e.properties) : undefined,
  )
}

/** Snowplow's tracker protocol: `{ data: [ { e, ue_pr | ue_px } ] }`. */
function snowplow(p) {
  return list(p?.data).map((e) => {
    if (e?.e == 'pv') return { page: true }
    if (e?.e != 'ue') return undefined
    const ue = JSON.parse(e.ue_pr ?? fromBase64(e.ue_px).toString('utf8'))
    const name = String(ue.data?.schema ?? '').split('/')[1]
    return call(name, ue.data?.data)
  })
}

/** `{ event, properties }` events, one or an array or `{ batch }`: PostHog and Mixpanel. */
const named = (pageName) => (p) =>
  list(p && typeof p == 'object' && 'batch' in p ? p.batch : p).map((e) =>
    e?.event == pageName ? { page: true } : e && call(e.event, e.properties),
  )

const DECODERS = {
  touchtrail: spec,
  segment: spec,
  rudderstack: spec,
  amplitude: (p) =>
    list(p?.events).map((e) => (e?.event_type == '[Amplitude] Page Viewed' ? { page: true } : call(e?.event_type, e?.event_properties))),
  snowplow,
  posthog: named('$pageview'),
  mixpanel: named('$mp_web_page_view'),
  plausible: (p) =>
    list(p).map((e) => (e?.n == 'pageview' ? { page: true } : call(e?.n, typeof e?.p == 'string' ? JSON.parse(e.p) : e?.p))),
}

/**
 * The events one request carries, for the SDK `family` (`touchtrail`, `segment`, …). Anything
 * that is not a page view or a bench track call (identify, people updates, diagnostics) is left out.
 *
 * @param {string} family
 * @param {RawRequest} req
 * @returns {Decoded[]}
 */
export function decode(family, req) {
  const decoder = DECODERS[family]
  if (!decoder) throw new Error(`no decoder for ${family}`)
  let p
  try {
    p = payload(req)
  } catch {
    return []
  }
  if (p === undefined) return []
  try {
    return decoder(p).filter(Boolean)
  } catch {
    return []
  }
}

/**
 * Delivery of the expected track calls: how many distinct ones arrived, how many arrived more than
 * once (extra copies), and which are missing.
 *
 * @param {Decoded[]} events every decoded event from accepted requests, copies included
 * @param {string[]} expected keys `name#n` of the calls made
 */
export function delivery(events, expected) {
  const want = new Set(expected)
  const seen = new Map()
  for (const e of events) {
    if ('page' in e) continue
    const key = `${e.name}#${e.n}`
    if (want.has(key)) seen.set(key, (seen.get(key) || 0) + 1)
  }
  let duplicates = 0
  for (const c of seen.values()) duplicates += c - 1
  return { expected: want.size, delivered: seen.size, duplicates, missing: [...want].filter((k) => !seen.has(k)) }
}

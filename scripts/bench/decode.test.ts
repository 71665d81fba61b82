import { describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { decode, delivery, payload } from './decode.mjs'

const post = (body: string | Buffer, url = '/') => ({ method: 'POST', url, body: Buffer.isBuffer(body) ? body : Buffer.from(body) })
const props = (n: number) => ({ n, sku: 'TR-42', price: 59.9 })

describe('payload', () => {
  it('reads JSON, gzip, and a form field holding base64 JSON', () => {
    const value = [{ event: 'bench_event', properties: props(1) }]
    expect(payload(post(JSON.stringify(value)))).toEqual(value)
    expect(payload(post(gzipSync(JSON.stringify(value))))).toEqual(value)
    const form = `data=${encodeURIComponent(Buffer.from(JSON.stringify(value)).toString('base64'))}`
    expect(payload(post(form))).toEqual(value)
  })

  it('gives undefined for a body without JSON', () => {
    expect(payload(post(''))).toBeUndefined()
    expect(payload(post('ok'))).toBeUndefined()
  })
})

describe('decode', () => {
  it('reads Segment Spec batches and single messages (touchtrail, Segment, RudderStack)', () => {
    const batch = { batch: [{ type: 'page' }, { type: 'track', event: 'bench_event', properties: props(0) }, { type: 'identify' }], sentAt: 'x' }
    expect(decode('touchtrail', post(JSON.stringify(batch)))).toEqual([{ page: true }, { name: 'bench_event', n: 0 }])
    expect(decode('segment', post(JSON.stringify({ type: 'track', event: 'bench_event', properties: props(4) }), '/v1/t'))).toEqual([{ name: 'bench_event', n: 4 }])
    expect(decode('rudderstack', post(JSON.stringify({ type: 'page', properties: {} }), '/v1/page'))).toEqual([{ page: true }])
  })

  it("reads Amplitude's events and its page-view event", () => {
    const body = { api_key: 'k', events: [{ event_type: '[Amplitude] Page Viewed' }, { event_type: 'bench_event', event_properties: props(2) }] }
    expect(decode('amplitude', post(JSON.stringify(body)))).toEqual([{ page: true }, { name: 'bench_event', n: 2 }])
  })

  it("reads Snowplow's self-describing events, plain or base64", () => {
    const ue = (n: number) =>
      JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:dev.touchtrail.bench/bench_event/jsonschema/1-0-0', data: props(n) } })
    const body = { schema: 'payload', data: [{ e: 'pv' }, { e: 'ue', ue_pr: ue(3) }, { e: 'ue', ue_px: Buffer.from(ue(5)).toString('base64url') }] }
    expect(decode('snowplow', post(JSON.stringify(body)))).toEqual([{ page: true }, { name: 'bench_event', n: 3 }, { name: 'bench_event', n: 5 }])
  })

  it('reads PostHog and Mixpanel events by their page-view names', () => {
    const ph = [{ event: '$pageview', properties: {} }, { event: 'bench_event', properties: props(6) }]
    expect(decode('posthog', post(gzipSync(JSON.stringify(ph)), '/e/?compression=gzip-js'))).toEqual([{ page: true }, { name: 'bench_event', n: 6 }])
    const mp = [{ event: '$mp_web_page_view', properties: {} }, { event: 'bench_event', properties: props(7) }]
    const form = `data=${encodeURIComponent(Buffer.from(JSON.stringify(mp)).toString('base64'))}`
    expect(decode('mixpanel', post(form, '/track/?verbose=1'))).toEqual([{ page: true }, { name: 'bench_event', n: 7 }])
  })

  it("reads Plausible's page views and goals with props", () => {
    expect(decode('plausible', post(JSON.stringify({ n: 'pageview', u: 'http://x/', d: 'bench.example' })))).toEqual([{ page: true }])
    expect(decode('plausible', post(JSON.stringify({ n: 'bench_event', p: props(8) })))).toEqual([{ name: 'bench_event', n: 8 }])
  })

  it('leaves out events without the bench counter and bodies it cannot read', () => {
    expect(decode('posthog', post(JSON.stringify([{ event: '$$client_ingestion_warning', properties: {} }])))).toEqual([])
    expect(decode('snowplow', post('{"data":[{"e":"ue","ue_pr":"not json"}]}'))).toEqual([])
    expect(() => decode('unknown', post('{}'))).toThrow('no decoder for unknown')
  })
})

describe('delivery', () => {
  it('counts distinct expected calls, extra copies and the missing ones, ignoring page views', () => {
    const events = [{ page: true as const }, { name: 'bench_event', n: 0 }, { name: 'bench_event', n: 0 }, { name: 'bench_event', n: 2 }, { name: 'other', n: 1 }]
    expect(delivery(events, ['bench_event#0', 'bench_event#1', 'bench_event#2'])).toEqual({
      expected: 3,
      delivered: 2,
      duplicates: 1,
      missing: ['bench_event#1'],
    })
  })
})

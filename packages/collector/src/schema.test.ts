// @vitest-environment node
import Ajv2020 from 'ajv/dist/2020.js'
import { expect, test } from 'vitest'
import { EVENT_SCHEMA } from './schema.js'
import { validateEvent } from './validate.js'

// The event of DESIGN.md ("The touchpoint event"), with its placeholders filled in.
const DESIGN_EXAMPLE = {
  type: 'track',
  event: 'add_to_cart',
  properties: {},
  messageId: '2b0a9d5e-7f8c-4c61-9d0e-1f3b2a4c5d6e',
  anonymousId: 'a-1',
  userId: 'u-42',
  timestamp: '2026-11-23T07:00:00.000Z',
  context: {
    library: { name: 'touchtrail', version: '0.1.0' },
    page: { url: 'https://shop.example/p', path: '/p', search: '', title: 'P', referrer: 'https://www.google.com/' },
    campaign: { source: 'google', medium: 'cpc', name: 'spring', term: 'shoes', content: 'ad-1', id: 'c-1' },
    touchpoint: { channel: 'Paid Search', clickId: 'abc', clickIdType: 'gclid', referrerCategory: 'search', contact: 'digital', mode: 'direct' },
    sessionId: 1763881200000,
    sessionStart: true,
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
    screen: { width: 1280, height: 800 },
    consent: 'granted',
  },
}

test('the published schema is valid draft 2020-12 and compiles in strict mode', () => {
  const ajv = new Ajv2020({ strict: true, strictRequired: false })
  expect(ajv.validateSchema(EVENT_SCHEMA)).toBe(true)
  expect(ajv.compile(EVENT_SCHEMA)(DESIGN_EXAMPLE)).toBe(true)
})

test("accepts DESIGN.md's example event and every event type", () => {
  expect(validateEvent(DESIGN_EXAMPLE)).toMatchObject({ ok: true, timestampMs: Date.parse('2026-11-23T07:00:00.000Z') })
  expect(validateEvent({ type: 'page', messageId: 'p', anonymousId: 'a' })).toEqual(expect.objectContaining({ ok: true, timestampMs: undefined }))
  expect(validateEvent({ type: 'identify', messageId: 'i', userId: 'u', traits: { plan: 'pro' } }).ok).toBe(true)
})

test('keeps fields it does not know, as Segment-compatible pipelines do', () => {
  const result = validateEvent({ ...DESIGN_EXAMPLE, integrations: { All: true }, context: { ...DESIGN_EXAMPLE.context, app: { build: '7' } } })
  expect(result.ok).toBe(true)
})

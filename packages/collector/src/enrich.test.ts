// @vitest-environment node
import { expect, test } from 'vitest'
import { correctTimestamp, enrichEvent } from './enrich.js'
import type { TouchpointEvent } from './schema.js'
import { IPHONE_UA, pageEvent, trackEvent } from './test/events.js'
import { createVisitorKey } from './visitor-key.js'

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const AT = Date.parse('2026-11-23T07:00:00.000Z')

const asEvent = (value: Record<string, unknown>) => value as unknown as TouchpointEvent

test('corrects a timestamp by the batch skew, and dates an event without one on arrival', () => {
  // Client clock 90 s behind: sent at 06:58:30 by its clock, received at 07:00:00 by ours.
  const facts = { receivedAtMs: AT, sentAtMs: AT - 90_000 }
  expect(correctTimestamp(AT - 120_000, facts)).toBe(AT - 30_000)
  expect(correctTimestamp(AT - 120_000, { receivedAtMs: AT })).toBe(AT - 120_000)
  expect(correctTimestamp(undefined, facts)).toBe(AT)
})

test.each([
  [IPHONE_UA, { browserName: 'Mobile Safari', osName: 'iOS', osVersion: '17.0', deviceType: 'mobile' }],
  [IPAD, { browserName: 'Mobile Safari', osName: 'iOS', deviceType: 'tablet' }],
  [CHROME_WINDOWS, { browserName: 'Chrome', browserVersion: '131.0.0.0', osName: 'Windows', deviceType: 'desktop' }],
  ['curl/8.5.0', { browserName: null, osName: null, deviceType: null }],
  // Bots and automated browsers run the page's script, so they send events: device type `bot`, whatever they pose as.
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { deviceType: 'bot' }],
  [
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    { browserName: 'Chrome', deviceType: 'bot' },
  ],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', { deviceType: 'bot' }],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', { deviceType: 'bot' }],
  // A server-side library runs no page's script: an integration reporting real visitors, not a bot.
  ['node', { deviceType: null }],
  ['analytics-node-next/1.74.0', { deviceType: null }],
])('reads browser, OS and device from %s', (userAgent, expected) => {
  expect(enrichEvent(asEvent(pageEvent()), AT, { receivedAtMs: AT, userAgent })).toMatchObject(expected)
})

test('prefers the context.userAgent a server-side client sends on behalf of a browser', () => {
  const event = asEvent(pageEvent({ context: { userAgent: CHROME_WINDOWS } }))
  expect(enrichEvent(event, AT, { receivedAtMs: AT, userAgent: 'node-fetch/3' }).browserName).toBe('Chrome')
})

test("keeps a client's own context.os and context.device, and types its columns from them", () => {
  const event = asEvent(pageEvent({ context: { os: { name: 'Android', version: '15' }, device: { type: 'tv' } } }))
  const row = enrichEvent(event, AT, { receivedAtMs: AT, userAgent: IPHONE_UA })
  expect(row).toMatchObject({ osName: 'Android', osVersion: '15', deviceType: 'tv', browserName: 'Mobile Safari' })
})

test('drops context.ip, so no IP address is ever stored', () => {
  const event = asEvent(pageEvent({ context: { ip: '203.0.113.9', site: 's' } }))
  const row = enrichEvent(event, AT, { receivedAtMs: AT })
  expect(row.json).not.toContain('203.0.113.9')
  expect(JSON.parse(row.json).context.site).toBe('s')
})

test('adds Segment server fields to the JSON and copies the query fields into columns', () => {
  const event = asEvent(trackEvent('purchase', { timestamp: '2026-11-23T06:58:00.000+00:00', userId: 'u-1' }))
  const row = enrichEvent(event, AT - 30_000, { receivedAtMs: AT, sentAtMs: AT - 90_000, userAgent: IPHONE_UA })
  expect(JSON.parse(row.json)).toMatchObject({
    timestamp: '2026-11-23T06:59:30.000Z',
    originalTimestamp: '2026-11-23T06:58:00.000+00:00',
    sentAt: '2026-11-23T06:58:30.000Z',
    receivedAt: '2026-11-23T07:00:00.000Z',
    properties: { value: 59.9, currency: 'EUR' },
  })
  const { json: _json, ...columns } = row
  expect(columns).toEqual({
    messageId: event.messageId,
    type: 'track',
    event: 'purchase',
    anonymousId: 'anon-1',
    userId: 'u-1',
    timestamp: new Date(AT - 30_000),
    sentAt: new Date(AT - 90_000),
    receivedAt: new Date(AT),
    sessionId: 1763881200000,
    site: 'shop-1',
    pageUrl: 'https://shop.example/p/run-1?utm_source=newsletter&utm_medium=email',
    pagePath: '/p/run-1',
    pageReferrer: 'https://mail.example/',
    campaignSource: 'newsletter',
    campaignMedium: 'email',
    campaignName: 'spring',
    campaignTerm: 'running',
    campaignContent: 'hero',
    channel: 'Email',
    browserName: 'Mobile Safari',
    browserVersion: '17.0',
    osName: 'iOS',
    osVersion: '17.0',
    deviceType: 'mobile',
  })
})

test('gives cookieless events the daily visitor key instead of their per-page id, and stores no IP', () => {
  const visitorKey = createVisitorKey('secret')
  const facts = { receivedAtMs: AT, userAgent: CHROME_WINDOWS, ip: '203.0.113.7', visitorKey }
  const page1 = asEvent(pageEvent({ anonymousId: 'page-1', context: { cookieless: true, site: 'shop-1', ip: '203.0.113.7' } }))
  const page2 = asEvent(pageEvent({ anonymousId: 'page-2', context: { cookieless: true, site: 'shop-1' } }))
  const [a, b] = [enrichEvent(page1, AT, facts), enrichEvent(page2, AT + 60_000, { ...facts, receivedAtMs: AT + 60_000 })]
  expect(a.anonymousId).toBe(visitorKey('shop-1', '203.0.113.7', CHROME_WINDOWS, AT))
  expect(b.anonymousId).toBe(a.anonymousId)
  expect(JSON.parse(a.json).anonymousId).toBe(a.anonymousId)
  expect(a.json).not.toContain('203.0.113.7')
  // The next day, another key.
  const tomorrow = enrichEvent(page1, AT + 86_400_000, { ...facts, receivedAtMs: AT + 86_400_000 })
  expect(tomorrow.anonymousId).not.toBe(a.anonymousId)
  // An event with storage keeps its own id.
  expect(enrichEvent(asEvent(pageEvent({ anonymousId: 'kept' })), AT, facts).anonymousId).toBe('kept')
})

// @vitest-environment node
import { expect, test } from 'vitest'
import { enrichEvent } from './enrich.js'
import { packRows, unpackRows } from './packed-rows.js'
import type { TouchpointEvent } from './schema.js'
import type { StoredEvent } from './store/types.js'
import { IPHONE_UA, pageEvent, trackEvent } from './test/events.js'

const AT = Date.parse('2026-11-23T07:00:00.000Z')
const rowOf = (event: Record<string, unknown>, facts: { sentAtMs?: number; userAgent?: string } = {}): StoredEvent =>
  enrichEvent(event as unknown as TouchpointEvent, AT, { receivedAtMs: AT, ...facts })

test('rows come back exactly as packed: every column, its type, null apart from the empty string', () => {
  const rows = [
    rowOf(pageEvent({ messageId: 'p-1' }), { sentAtMs: AT - 500, userAgent: IPHONE_UA }),
    // No sentAt, no session, no campaign, no user agent: many nulls; an empty referrer is a value, not a null.
    rowOf({ type: 'identify', messageId: 'i-1', userId: 'u-1', context: { page: { referrer: '', title: 'Läufer – “Spring” 🏃' } } }),
    rowOf(trackEvent('add_to_cart', { messageId: 'quote"s,\n\ttabs\\and\u2028separators', userId: '' })),
  ]
  const unpacked = unpackRows(packRows(rows))
  expect(unpacked).toEqual(rows)
  expect(unpacked[1]).toMatchObject({ sentAt: null, sessionId: null, campaignSource: null, browserName: null, pageReferrer: '' })
  expect(unpacked[2].userId).toBe('')
  expect(unpacked[0].timestamp).toBeInstanceOf(Date)
  expect(typeof unpacked[0].sessionId).toBe('number')
})

test('no rows pack to nothing and unpack to none', () => {
  expect(unpackRows(packRows([]))).toEqual([])
})

test('a value with a NUL in it fails loudly instead of shifting values into the wrong columns', () => {
  const row = { ...rowOf(pageEvent({ messageId: 'n-1' })), site: 'shop\u0000one' }
  expect(() => unpackRows(packRows([row]))).toThrow('packed rows do not line up')
})

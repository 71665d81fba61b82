// @vitest-environment node
import { expect, test } from 'vitest'
import { parseIsoTimestamp } from './timestamp.js'

test.each([
  ['2026-11-23T07:00:00.000Z', Date.UTC(2026, 10, 23, 7)],
  ['2026-11-23T07:00:00Z', Date.UTC(2026, 10, 23, 7)],
  ['2026-11-23T08:00:00.5+01:00', Date.UTC(2026, 10, 23, 7, 0, 0, 500)],
  ['2026-11-23T02:30:00.123456789-04:30', Date.UTC(2026, 10, 23, 7, 0, 0, 123)],
  ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  // Years below 100 stay literal (Date.UTC would read 99 as 1999).
  ['0099-01-01T00:00:00Z', -59042995200000],
])('reads %s', (text, ms) => {
  expect(parseIsoTimestamp(text)).toBe(ms)
})

test.each([
  '2026-02-29T00:00:00Z', // not a leap year
  '2026-04-31T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-11-23T24:00:00Z',
  '2026-11-23T07:60:00Z',
  '2026-11-23T07:00:60Z', // leap seconds are not stored
  '2026-11-23T07:00:00', // no zone: whose 7 o'clock?
  '2026-11-23 07:00:00Z',
  '2026-11-23T07:00:00+25:00',
  '2026-11-23',
  'Mon, 23 Nov 2026 07:00:00 GMT',
  '1763881200000',
])('refuses %s', (text) => {
  expect(parseIsoTimestamp(text)).toBeUndefined()
})

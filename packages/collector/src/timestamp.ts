const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Parses an ISO 8601 date-time with a zone into epoch milliseconds, or `undefined` when it is not one.
 *
 * Written out rather than `Date.parse` because V8 accepts many other shapes and rolls impossible dates over
 * (`2026-02-30` becomes 2 March); a collector must store what the client meant or say no.
 *
 * @example
 * parseIsoTimestamp('2026-11-23T07:00:00.000Z') // 1795417200000
 * parseIsoTimestamp('2026-02-30T00:00:00Z')     // undefined
 */
export function parseIsoTimestamp(value: string): number | undefined {
  const m = ISO.exec(value)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const hour = Number(m[4])
  const minute = Number(m[5])
  const second = Number(m[6])
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined
  if (day > daysInMonth(year, month)) return undefined
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0
  let offsetMinutes = 0
  if (m[8]) {
    const hours = Number(m[9])
    const minutes = Number(m[10])
    if (hours > 23 || minutes > 59) return undefined
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (hours * 60 + minutes)
  }
  // Every event goes through here, so the common case stays arithmetic; Date.UTC maps years 0-99 to 1900-1999,
  // which setUTCFullYear does not.
  const utc = year >= 100 ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : ancientUtc(year, month, day, hour, minute, second, ms)
  return utc - offsetMinutes * 60_000
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]
}

function ancientUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, ms)
  return date.getTime()
}

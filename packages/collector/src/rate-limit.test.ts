// @vitest-environment node
import { expect, test } from 'vitest'
import { createRateLimiter } from './rate-limit.js'

function clock(start = 0) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

test('lets a client burst its per-minute budget, then says how long to wait for the next request', () => {
  const time = clock()
  const limiter = createRateLimiter({ requestsPerMinute: 6, now: time.now })
  for (let i = 0; i < 6; i++) expect(limiter.take('a')).toBe(0)
  // One request refills every 10 s.
  expect(limiter.take('a')).toBe(10)
  time.advance(4_000)
  expect(limiter.take('a')).toBe(6)
  time.advance(6_000)
  expect(limiter.take('a')).toBe(0)
  expect(limiter.take('a')).toBe(10)
})

test('keeps a separate budget for each client', () => {
  const limiter = createRateLimiter({ requestsPerMinute: 1, now: clock().now })
  expect(limiter.take('a')).toBe(0)
  expect(limiter.take('a')).toBe(60)
  expect(limiter.take('b')).toBe(0)
})

test('refills to the full budget and no further after a long pause', () => {
  const time = clock()
  const limiter = createRateLimiter({ requestsPerMinute: 2, now: time.now })
  limiter.take('a')
  limiter.take('a')
  time.advance(3_600_000)
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 30])
})

test('forgets the longest-idle clients beyond maxClients, so memory stays bounded', () => {
  const time = clock()
  const limiter = createRateLimiter({ requestsPerMinute: 1, maxClients: 2, now: time.now })
  limiter.take('a')
  limiter.take('b')
  limiter.take('c') // evicts a, the longest idle
  expect(limiter.take('a')).toBe(0)
  // b was evicted by a's return; c is still remembered.
  expect(limiter.take('c')).toBe(60)
})

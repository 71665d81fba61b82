// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createVisitorKey } from './visitor-key.js'

const DAY = 86_400_000
const t = Date.UTC(2026, 10, 23, 9)
const ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0'

describe('createVisitorKey', () => {
  it('gives one visitor the same key all day', () => {
    const key = createVisitorKey('secret')
    expect(key('shop-1', '203.0.113.7', ua, t)).toBe(key('shop-1', '203.0.113.7', ua, t + 14 * 3_600_000))
    expect(key('shop-1', '203.0.113.7', ua, t)).toMatch(/^cl_[0-9a-f]{32}$/)
  })

  it('rotates the key at the UTC day boundary', () => {
    const key = createVisitorKey('secret')
    expect(key('shop-1', '203.0.113.7', ua, t)).not.toBe(key('shop-1', '203.0.113.7', ua, t + DAY))
  })

  it('tells sites, addresses and browsers apart', () => {
    const key = createVisitorKey('secret')
    const base = key('shop-1', '203.0.113.7', ua, t)
    expect(key('shop-2', '203.0.113.7', ua, t)).not.toBe(base)
    expect(key('shop-1', '203.0.113.8', ua, t)).not.toBe(base)
    expect(key('shop-1', '203.0.113.7', ua + ' Edg/1', t)).not.toBe(base)
  })

  it('depends on the secret, and never contains the IP address', () => {
    const a = createVisitorKey('one')('shop-1', '203.0.113.7', ua, t)
    const b = createVisitorKey('two')('shop-1', '203.0.113.7', ua, t)
    expect(a).not.toBe(b)
    expect(a).not.toContain('203')
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHECK_EVERY_MS, abandonedVersion, watchAbandonment } from './abandon.js'
import { version, type CartState } from './state.js'

const T = Date.UTC(2026, 10, 23, 10)
const WAIT = 30 * 60_000
const items = [{ item_id: 'jeans', price: 59.9, quantity: 1 }]
const cart: CartState = { items, value: 59.9, lastActivityAt: T }

describe('abandonedVersion', () => {
  it('holds once a cart with items saw no activity for the wait', () => {
    expect(abandonedVersion(cart, T + WAIT - 1, WAIT)).toBeUndefined()
    expect(abandonedVersion(cart, T + WAIT, WAIT)).toBe(version(items))
  })

  it('never holds for an empty cart', () => {
    expect(abandonedVersion({ items: [], value: 0, lastActivityAt: T }, T + 10 * WAIT, WAIT)).toBeUndefined()
  })

  it('holds once per cart version', () => {
    const reported = { ...cart, abandoned: { version: version(items), at: T + WAIT } }
    expect(abandonedVersion(reported, T + 10 * WAIT, WAIT)).toBeUndefined()
    const changed = { ...reported, items: [{ ...items[0], quantity: 2 }] }
    expect(abandonedVersion(changed, T + 10 * WAIT, WAIT)).toBe('jeans,*2')
  })
})

describe('watchAbandonment', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('looks every minute and whenever the tab is hidden or shown, until torn down', () => {
    const check = vi.fn()
    const stop = watchAbandonment(check)
    vi.advanceTimersByTime(3 * CHECK_EVERY_MS)
    expect(check).toHaveBeenCalledTimes(3)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(check).toHaveBeenCalledTimes(4)
    stop()
    vi.advanceTimersByTime(3 * CHECK_EVERY_MS)
    document.dispatchEvent(new Event('visibilitychange'))
    expect(check).toHaveBeenCalledTimes(4)
  })
})

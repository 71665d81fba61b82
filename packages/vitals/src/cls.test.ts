import { describe, expect, it } from 'vitest'
import { createCls } from './cls.js'

const shift = (startTime: number, value: number, hadRecentInput = false) => ({ startTime, value, hadRecentInput })

describe('createCls', () => {
  it('is 0 without shifts', () => {
    expect(createCls()._value()).toBe(0)
  })

  it('adds up shifts less than a second apart into one session window', () => {
    const cls = createCls()
    for (const e of [shift(100, 0.05), shift(900, 0.05), shift(1800, 0.1)]) cls._add(e)
    expect(cls._value()).toBeCloseTo(0.2)
  })

  it('reports the largest window, not the sum of all windows', () => {
    const cls = createCls()
    for (const e of [shift(0, 0.1), shift(500, 0.1), shift(3000, 0.05), shift(3500, 0.05), shift(4000, 0.05)]) cls._add(e)
    expect(cls._value()).toBeCloseTo(0.2)
  })

  it('closes a window 5 seconds after it began, even while shifts keep coming', () => {
    const cls = createCls()
    for (let t = 0; t <= 6000; t += 500) cls._add(shift(t, 0.01))
    // 0…4500 ms is one window of 10 shifts; 5000…6000 ms starts the next.
    expect(cls._value()).toBeCloseTo(0.1)
  })

  it('ignores shifts right after input', () => {
    const cls = createCls()
    cls._add(shift(100, 0.3, true))
    cls._add(shift(200, 0.02))
    expect(cls._value()).toBeCloseTo(0.02)
  })
})

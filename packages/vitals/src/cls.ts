/** The fields of a `layout-shift` entry that CLS needs (LayoutShift is not in TypeScript's DOM types). */
export interface LayoutShiftLike {
  value: number
  startTime: number
  hadRecentInput: boolean
}

/**
 * Cumulative Layout Shift as web-vitals defines it (https://web.dev/articles/cls): shifts within
 * 500 ms of input do not count; the rest are grouped in session windows that end after 1 s without
 * a shift or 5 s after they began; CLS is the largest window's sum.
 *
 * @example
 * const cls = createCls()
 * cls._add(entry) // for each layout-shift entry; cls._value() is the CLS so far
 */
export function createCls() {
  let value = 0
  let sum = 0
  let first = -Infinity
  let last = -Infinity
  return {
    _add(e: LayoutShiftLike) {
      if (e.hadRecentInput) return
      if (e.startTime - last < 1000 && e.startTime - first < 5000) sum += e.value
      else {
        sum = e.value
        first = e.startTime
      }
      last = e.startTime
      if (sum > value) value = sum
    },
    _value: () => value,
  }
}

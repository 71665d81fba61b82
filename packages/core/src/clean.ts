/** Keys that poison prototypes when a consumer merges the object naively. */
const BAD_KEYS = ['__proto__', 'constructor', 'prototype']

/**
 * Serialise properties once, safely: cycles and repeated references, prototype-poisoning keys and
 * `undefined`/functions/symbols are dropped, bigints become strings, long strings are cut.
 * Returns the JSON (its length is the event's size) or undefined when it cannot be serialised at all
 * (a throwing getter or `toJSON`). Runs off the `track()` path, in core's microtask.
 */
export function clean(value: unknown, maxStringLength: number, warn: (problem: string) => void): string | undefined {
  const seen = new WeakSet<object>()
  try {
    return JSON.stringify(value, (key, v) => {
      if (BAD_KEYS.includes(key)) return void warn(key + ' key removed')
      if (typeof v == 'bigint') return String(v)
      if (typeof v == 'string' && v.length > maxStringLength) {
        warn('long string cut')
        return v.slice(0, maxStringLength)
      }
      if (v && typeof v == 'object') {
        if (seen.has(v)) return void warn('circular or repeated reference removed')
        seen.add(v)
      }
      return v
    })
  } catch {
    warn('properties cannot be serialised; dropped')
  }
}

/**
 * How deep objects and arrays may nest in properties (the properties object is 1): the event is
 * level 1 and its properties level 2 of the collector's 10 (`EVENT_LIMITS.maxDepth`), which rejects
 * deeper events. (IndexedDB, too, overflows its stack cloning an object thousands of levels deep.)
 */
const MAX_DEPTH = 9

/** Keys that poison prototypes when a consumer merges the object naively. */
const BAD_KEYS = ['__proto__', 'constructor', 'prototype']

/**
 * Serialise properties once, safely: cycles and repeated references, prototype-poisoning keys, objects
 * nested over {@link MAX_DEPTH} deep and `undefined`/functions/symbols are dropped, bigints become
 * strings, long strings are cut.
 * Returns the JSON (its length is the event's size) or undefined when it cannot be serialised at all
 * (a throwing getter or `toJSON`). Runs off the `track()` path, in core's microtask.
 */
export function clean(value: unknown, maxStringLength: number, warn: (problem: string) => void): string | undefined {
  // Each object's depth, the properties being 1: a holder's depth is known before its values'.
  const seen = new WeakMap<object, number>()
  try {
    return JSON.stringify(value, function (this: object, key, v) {
      if (BAD_KEYS.includes(key)) return void warn(key + ' key removed')
      if (typeof v == 'bigint') return String(v)
      if (typeof v == 'string' && v.length > maxStringLength) {
        warn('long string cut')
        return v.slice(0, maxStringLength)
      }
      if (v && typeof v == 'object') {
        if (seen.has(v)) return void warn('circular or repeated reference removed')
        seen.set(v, -~seen.get(this)!)
        if (seen.get(v)! > MAX_DEPTH) return void warn('objects nested too deep removed')
      }
      return v
    })
  } catch {
    warn('properties cannot be serialised; dropped')
  }
}

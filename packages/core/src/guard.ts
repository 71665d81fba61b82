import type { Logger } from './types.js'

/**
 * `fn`, made safe for the host page: when it throws, the call returns undefined and, in debug mode,
 * `touchtrail: <what> failed` goes to the console with the error. Core guards every tracker method
 * with it; plugins guard their own API methods and listeners, so one helper serves them all.
 *
 * @example
 * addEventListener('click', guard(tracker.log, 'rage clicks', onClick))
 */
export function guard<A extends unknown[], R>(log: Logger, what: string, fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args)
    } catch (e) {
      log.error(what + ' failed', e)
    }
  }
}

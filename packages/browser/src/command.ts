import type { Tracker } from '@touchtrail/core'

/** The `window.touchtrail` function: `touchtrail(method, …args)`. */
export type Command = (method: string, ...args: unknown[]) => unknown

/**
 * Turn a tracker into the script tag's command function. Every tracker method is a command
 * (`touchtrail('track', 'signup', { list })`), and a plugin's namespace takes its method as the
 * second word (`touchtrail('cart', 'add', item)` calls `tracker.cart.add(item)`). Never throws.
 */
export function createCommand(tracker: Tracker): Command {
  return (method, ...args) => {
    try {
      const target = (tracker as unknown as Record<string, any>)[method]
      if (typeof target == 'function') return target(...args)
      if (target && typeof target[args[0] as string] == 'function') return target[args[0] as string](...args.slice(1))
      tracker.log.warn(`touchtrail('${method}') is not a command; call ignored`)
    } catch (e) {
      // Not the method's name: a method that is an object whose toString throws landed here.
      tracker.log.error('a touchtrail() call failed', e)
    }
  }
}

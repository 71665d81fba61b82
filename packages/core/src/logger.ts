import type { Logger } from './types.js'

const PREFIX = 'touchtrail: '

/** A logger that is silent unless `debug`, and says each warning once (nanostores' `warn` does the same). */
export function createLogger(debug: boolean): Logger {
  const said = new Set<string>()
  return {
    warn(message) {
      if (!debug || said.has(message)) return
      said.add(message)
      console.warn(PREFIX + message)
    },
    error(message, error) {
      if (debug) console.error(PREFIX + message, error ?? '')
    },
  }
}

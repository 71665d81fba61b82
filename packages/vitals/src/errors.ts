import type { Wrap } from './wrap.js'

/** The properties of a `page_error` event (plus `pageViewId`). */
export interface PageError {
  /** `error` (uncaught exception) or `unhandledrejection`. */
  kind: 'error' | 'unhandledrejection'
  /** The error's message, at most 300 characters. `Script error.` for cross-origin scripts without CORS. */
  message: string
  /** The script's URL, when known. */
  source?: string
  line?: number
  column?: number
}

/** An error watcher: `_reset()` starts a new page view's count; `_stop()` removes it. */
export interface Errors {
  _reset(): void
  _stop(): void
}

/** The first `url:line:column` of a stack trace (Chromium, Firefox and Safari all write one). */
const STACK = /(https?:\/\/[^\s()]+?):(\d+):(\d+)/

/**
 * Watch uncaught errors and unhandled promise rejections. Each distinct error (message, source,
 * line) is reported once per page view, and at most `max` per page view, so a broken loop cannot
 * flood the collector. Resource load errors (a missing image) are not script errors and are left out.
 *
 * @example
 * const errors = watchErrors((e) => console.log(e.message), wrap, 5)
 */
export function watchErrors(report: (error: PageError) => void, wrap: Wrap, max: number): Errors {
  let seen = new Set<string>()

  const take = (kind: PageError['kind'], message: unknown, source?: string, line?: number, column?: number) => {
    const e: PageError = { kind, message: String(message).slice(0, 300), source: source || undefined, line: line || undefined, column: column || undefined }
    const key = [e.message, e.source, e.line].join()
    if (seen.has(key) || seen.size >= max) return
    seen.add(key)
    report(e)
  }

  const onError = wrap((e: ErrorEvent) => take('error', e.message || e.error || 'Script error.', e.filename, e.lineno, e.colno))

  const onRejection = wrap((e: PromiseRejectionEvent) => {
    const reason = e.reason
    const at = STACK.exec(reason?.stack) || []
    take('unhandledrejection', reason instanceof Error ? reason.message || reason.name : reason, at[1], +at[2], +at[3])
  })

  addEventListener('error', onError)
  addEventListener('unhandledrejection', onRejection)
  return {
    _reset: () => (seen = new Set()),
    _stop() {
      removeEventListener('error', onError)
      removeEventListener('unhandledrejection', onRejection)
    },
  }
}

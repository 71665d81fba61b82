/** An error that becomes an HTTP answer with its own status, reason (`message`) and headers. */
export interface HttpError extends Error {
  statusCode: number
  /** Extra response headers, such as `Retry-After`. */
  headers?: Record<string, string>
  /** Marks the message as meant for the client, so even a 5xx answer may say it. */
  expose: true
}

/**
 * Makes an {@link HttpError}. A plain function, not a class: nothing branches on the type, only on `statusCode`.
 *
 * @example
 * throw httpError(400, 'body is not JSON')
 * throw httpError(503, 'could not store the batch', { 'retry-after': '5' }, databaseError)
 */
export function httpError(statusCode: number, reason: string, headers?: Record<string, string>, cause?: unknown): HttpError {
  return Object.assign(new Error(reason, { cause }), { statusCode, headers, expose: true as const })
}

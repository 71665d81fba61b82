import { STATUS_CODES } from 'node:http'

/** What the collector answers for an error: status, headers, and `{ error, reason }`. */
export interface ErrorAnswer {
  statusCode: number
  headers: Record<string, string>
  body: { error: string; reason: string }
}

type AnyError = Error & { statusCode?: number; code?: string; headers?: Record<string, string>; expose?: boolean }

/**
 * Maps any error thrown while answering a request to a clear answer: our own `httpError`s keep their status
 * and reason; fastify's and zlib's get words a client developer understands; anything else is a 500 that shows
 * no internals.
 */
export function errorAnswer(error: AnyError, maxBodyBytes: number): ErrorAnswer {
  const answer = (statusCode: number, reason: string, headers: Record<string, string> = {}): ErrorAnswer => ({
    statusCode,
    headers,
    body: { error: STATUS_CODES[statusCode] ?? 'Error', reason },
  })
  if (error.expose && error.statusCode) return answer(error.statusCode, error.message, error.headers)
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer(413, `body is larger than ${maxBodyBytes} bytes (after decompression); split the batch`)
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return answer(400, 'body length does not match Content-Length')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer(415, 'Content-Type is not accepted; send text/plain or application/json')
  }
  if (error.code?.startsWith('Z_')) return answer(400, `body is not valid gzip (${error.message})`)
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return answer(error.statusCode, error.message)
  return answer(500, 'internal error')
}

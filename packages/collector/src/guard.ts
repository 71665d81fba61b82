import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { httpError } from './http-error.js'
import { createRateLimiter } from './rate-limit.js'

/** The options of `createServer` that decide who may send. */
export interface GuardOptions {
  allowedOrigins?: readonly string[]
  writeKey?: string
  rateLimitPerMinute?: number
}

/**
 * The `onRequest` hook of `POST /collect`: rate limit (429 + `Retry-After`), then origin (403), then write key
 * (401), all before a byte of the body is read. The rate limit goes first so that guessing write keys costs
 * budget too.
 */
export function createGuard(options: GuardOptions) {
  const { rateLimitPerMinute = 600, writeKey } = options
  const limiter = rateLimitPerMinute > 0 ? createRateLimiter({ requestsPerMinute: rateLimitPerMinute }) : undefined
  const origins = options.allowedOrigins && !options.allowedOrigins.includes('*') ? new Set(options.allowedOrigins) : undefined
  const expected = writeKey ? digest(writeKey) : undefined

  return async function guard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const retryAfter = limiter?.take(request.ip) ?? 0
    if (retryAfter > 0) {
      throw httpError(429, `rate limit of ${rateLimitPerMinute} requests per minute exceeded; retry after ${retryAfter} s`, {
        'retry-after': String(retryAfter),
      })
    }
    // A browser sends Origin on every cross-origin POST; requests without one (servers, curl) answer to the write key.
    const origin = request.headers.origin
    if (origins && origin !== undefined && !origins.has(origin)) throw httpError(403, `origin ${origin} is not allowed`)
    if (expected) {
      const given = presentedKey(request)
      if (given === undefined) throw httpError(401, 'write key missing: send X-Write-Key or ?writeKey=')
      // Comparing digests keeps the time constant whatever the lengths, so timing tells nothing about the key.
      if (!timingSafeEqual(digest(given), expected)) throw httpError(401, 'write key is wrong')
    }
  }
}

/**
 * The write key as the client sent it: `X-Write-Key`, else `?writeKey=` (sendBeacon cannot set headers), else
 * the user of Basic auth (Segment's HTTP API sends the write key that way).
 */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-write-key']
  if (typeof header === 'string' && header) return header
  const query = (request.query as Record<string, unknown> | undefined)?.writeKey
  if (typeof query === 'string' && query) return query
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || undefined
  return undefined
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest()
}

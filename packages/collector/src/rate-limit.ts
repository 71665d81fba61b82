/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests one client may make per minute, sustained; it may also burst this many at once. */
  requestsPerMinute: number
  /** Clients tracked at most; past that, the longest-idle ones are forgotten. @default 100000 */
  maxClients?: number
  /** The clock, for tests. @default Date.now */
  now?: () => number
}

/** A per-client request budget; see {@link createRateLimiter}. */
export interface RateLimiter {
  /** Spends one request of `client`'s budget: 0 when allowed, else the whole seconds to wait (`Retry-After`). */
  take(client: string): number
}

interface Bucket {
  tokens: number
  updatedMs: number
}

/**
 * A token bucket per client (keyed by IP address, in memory only: the address is never stored). A browser's
 * queue sends a batch every few seconds, so the default budget is far above any single visitor and only stops
 * floods; behind a shared NAT many visitors count as one client, which is why it is generous.
 *
 * @example
 * const limiter = createRateLimiter({ requestsPerMinute: 600 })
 * const retryAfterSeconds = limiter.take(request.ip)
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { requestsPerMinute, maxClients = 100_000, now = Date.now } = options
  const perMs = requestsPerMinute / 60_000
  // Map order is insertion order, and a client is re-inserted on each request: the first entries are the most idle.
  const buckets = new Map<string, Bucket>()

  return {
    take(client) {
      const nowMs = now()
      const bucket = buckets.get(client) ?? { tokens: requestsPerMinute, updatedMs: nowMs }
      bucket.tokens = Math.min(requestsPerMinute, bucket.tokens + (nowMs - bucket.updatedMs) * perMs)
      bucket.updatedMs = nowMs
      buckets.delete(client)
      buckets.set(client, bucket)
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return 0
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
    },
  }
}

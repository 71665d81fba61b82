import { createHmac, randomBytes } from 'node:crypto'

/** Derives the daily visitor key of a cookieless event. */
export type VisitorKey = (site: string, ip: string, userAgent: string, atMs: number) => string

/**
 * Cookieless mode (`storage: 'none'` in the SDK) writes nothing on the visitor's device, so the
 * collector recognises a visitor within one day by a key derived from a secret salt, the site, the
 * IP address and the user agent, as Plausible does. The salt rotates every UTC day (an HMAC of the
 * secret and the date), so keys of two days cannot be linked, and neither the IP nor the salt is
 * stored. Without a `secret`, one is drawn at start: a restart then splits the day's visitors.
 *
 * @example
 * const key = createVisitorKey(process.env.TOUCHTRAIL_SECRET)
 * key('shop-1', '203.0.113.7', 'Mozilla/5.0 …', Date.now()) // 'cl_4f1c…' (32 hex digits)
 */
export function createVisitorKey(secret: string = randomBytes(32).toString('hex')): VisitorKey {
  const salts = new Map<string, Buffer>()
  return (site, ip, userAgent, atMs) => {
    const day = new Date(atMs).toISOString().slice(0, 10)
    let salt = salts.get(day)
    if (!salt) {
      salt = createHmac('sha256', secret).update(day).digest()
      // Keep today's and yesterday's only: the salts of past days are gone for good.
      if (salts.size > 1) salts.delete(salts.keys().next().value!)
      salts.set(day, salt)
    }
    return 'cl_' + createHmac('sha256', salt).update(`${site}\n${ip}\n${userAgent}`).digest('hex').slice(0, 32)
  }
}

import type { StorageKind, Store } from './types.js'

const PREFIX = 'tt_'

/** What {@link createStore} returns: a {@link Store} plus the consent switch core uses. */
export interface ConsentStore extends Store {
  /** Allow or forbid writing to the device; allowing writes what memory kept so far. */
  _persist(allowed: boolean): void
  /**
   * Remove every touchtrail key from the device and from memory; but for `all`, the queue's (`tt_q`,
   * `tt_q.…`: undelivered events, which a log-out does not cancel).
   */
  _clear(all?: boolean): void
}

/**
 * First-party storage that touches the device only while allowed (consent granted and a persistent
 * `kind`) and keeps values in memory otherwise, so a later grant loses nothing. Reads go to the
 * device each time, so several tabs see one another's writes. In `cookie` mode only the ids
 * (`a` anonymousId, `s` session, `u` userId) are cookies, shared across subdomains with `domain`;
 * plugin state stays in localStorage so it is not sent with every request.
 */
export function createStore(kind: StorageKind, domain?: string): ConsentStore {
  const memory: Record<string, string> = {}
  const persistent = kind == 'local' || kind == 'cookie'
  let allowed = false
  const isCookie = (key: string) => kind == 'cookie' && /^[asu]$/.test(key)
  // A max-age of zero or less removes a cookie (RFC 6265, 5.2.2), as a past expiry date would; -1
  // because happy-dom, which the unit tests run in, only honours a negative one.
  const setCookie = (name: string, raw?: string) =>
    (document.cookie = `${name}=${raw ? encodeURIComponent(raw) : ''}; path=/; max-age=${raw ? 31536000 : -1}; SameSite=Lax${
      domain ? '; domain=' + domain : ''
    }${location.protocol == 'https:' ? '; Secure' : ''}`)
  // Storage can throw at any time (disabled, quota, Safari private mode): memory still holds the value.
  const write = (key: string, raw?: string) => {
    try {
      if (!allowed) return
      if (isCookie(key)) setCookie(PREFIX + key, raw)
      else if (raw == null) localStorage.removeItem(PREFIX + key)
      else localStorage.setItem(PREFIX + key, raw)
    } catch {}
  }
  const read = (key: string): string | null | undefined =>
    isCookie(key)
      ? decodeURIComponent(document.cookie.match(`(?:^|; )${PREFIX}${key}=([^;]*)`)?.[1] || '') || null
      : localStorage.getItem(PREFIX + key)

  return {
    get(key) {
      try {
        let raw = memory[key]
        if (allowed) raw = read(key) ?? raw
        return raw == null ? undefined : JSON.parse(raw)
      } catch {}
    },
    set(key, value) {
      try {
        write(key, (memory[key] = JSON.stringify(value)))
      } catch {}
    },
    remove(key) {
      delete memory[key]
      write(key)
    },
    _persist(on) {
      allowed = on && persistent
      for (const key in memory) write(key, memory[key])
    },
    _clear(all) {
      for (const key in memory) delete memory[key]
      try {
        for (const key of Object.keys(localStorage)) key.startsWith(PREFIX) && (all || !/^tt_q\b/.test(key)) && localStorage.removeItem(key)
      } catch {}
      for (const c of document.cookie.split('; ')) c.startsWith(PREFIX) && setCookie(c.split('=')[0])
    },
  }
}

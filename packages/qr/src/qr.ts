import type { Plugin, TouchpointContext } from '@touchtrail/core'

/** Options of {@link qr}. */
export interface QrOptions {
  /**
   * The query parameter that carries the placement code: letters, digits, `_` and `-` only. It must be
   * the generator's `param` too.
   * @default 'tt_qr'
   */
  param?: string
}

/**
 * The channel of a session that began with a scan. `@touchtrail/attribution` groups `utm_medium=qr`
 * under the same name; the collector's reports use it.
 */
export const QR_CHANNEL = 'QR / Print'

/** What the plugin keeps for the session (plain keys: stored JSON must survive a rebuild). */
interface Scans {
  /** The session these scans belong to. */
  s: number
  /** Scans in the session. */
  n: number
  /** Scans per code. */
  c: Record<string, number>
  /** The last code scanned. */
  l: string
}

/**
 * The QR landing plugin. A landing whose URL carries `tt_qr=<code>` (or `utm_medium=qr`, with the code
 * in `utm_content`) sends `qr_scan { code, campaign, source, scans }`; from then on the session's events
 * carry an analog, direct touchpoint in the {@link QR_CHANNEL} channel. The QR and UTM parameters are
 * then removed from the address bar, so a link the visitor shares is no new scan; a reload is none
 * either. Scans of several codes in one session stay one session, counted in `scans`.
 *
 * @example
 * createTracker({ endpoint, plugins: [attribution(), qr(), pageViews()] })
 * // https://shop.example.com/?tt_qr=BER-01&utm_medium=qr → qr_scan { code: 'BER-01', scans: 1 }
 */
export function qr({ param = 'tt_qr' }: QrOptions = {}): Plugin {
  // The parameters a scan's URL carries; the whole tagging describes the scan, so all of it goes.
  const tagged = new RegExp(`^(${param}|utm_[^=]*)(=|$)`, 'i')
  return {
    name: 'qr',
    setup(tracker) {
      // The landing URL already counted in this page load (every event recorded before the address bar
      // was cleaned carries it).
      let handled: string | undefined
      return tracker.on('event', (ev) => {
        const context = ev.context
        const url = new URL(context.page.url)
        const query = url.searchParams
        // At most 64 characters, as the generator writes them: the code goes on every event of the session.
        // An empty QR parameter says nothing, so utm_content may still name the code.
        const code = (query.get(param) || (/^qr$/i.test(query.get('utm_medium')!) && query.get('utm_content')) || '').slice(0, 64)
        // No code, no scan: a scan is of a placement, and the generator writes codes of letters, digits, _ and
        // -. An empty code, or markup, control characters or spaces, is a broken or forged link, no placement;
        // the landing is left to attribution (with utm_medium=qr it is still a QR / Print visit).
        const landing = /^[\w-]+$/.test(code) && url.href != handled
        // A landing without utm_medium is no campaign to attribution (when it is there): hand it the
        // scan as the session's touch, as its API asks. It may move this event into a new session.
        if (landing && !query.get('utm_medium')) (tracker as { attribution?: { set(touch: object): void } }).attribution?.set({ campaign: { medium: 'qr' } })
        let scans = tracker.store.get<Scans>('qr')
        if (scans?.s != context.sessionId) scans = undefined
        if (landing) {
          handled = url.href
          // `l` is set below, by the scan a session's first landing counts.
          scans ||= { s: context.sessionId, n: 0, c: {} } as Scans
          // A reload (or Back to the landing) shows the same URL again when the parameters could not be
          // removed: no new scan. A fresh navigation to a code's URL is a repeat scan.
          if (!scans.c[code] || (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type == 'navigate') {
            scans.c[code] = (scans.c[code] || 0) + 1
            scans.l = code
            scans.n++
            tracker.store.set('qr', scans)
            tracker.track('qr_scan', {
              code,
              campaign: query.get('utm_campaign') ?? undefined,
              source: query.get('utm_source') ?? undefined,
              scans: scans.n,
            })
          }
          const rest = location.search.slice(1).split('&').filter((p) => p && !tagged.test(p))
          const search = rest.length ? '?' + rest.join('&') : ''
          // The same path: core's pageViews sees no new page.
          if (search != location.search) history.replaceState(history.state, '', location.pathname + search + location.hash)
        }
        if (scans)
          context.touchpoint = { ...context.touchpoint, contact: 'analog', mode: 'direct', channel: QR_CHANNEL, qrCode: scans.l } as TouchpointContext
      })
    },
  }
}

import { listenDataLayer } from './data-layer.js'
import type { ConsentState, Plugin } from './types.js'

type Gtag = ArrayLike<unknown> & { [i: number]: unknown }

/**
 * Follow Google Consent Mode: `gtag('consent', 'default' | 'update', { analytics_storage })`
 * calls, which gtag pushes onto `window.dataLayer` as `arguments` objects — including those made
 * before touchtrail loaded. A default of `denied` means the visitor has not chosen yet: events are
 * held (`pending`); an update to `granted` sends them; an update to `denied` drops and clears.
 * A default of `granted` only ends a `pending` state, and no default overrides a "no" such as GPC,
 * nor an update made before it (a consent manager that replays the stored choice before the site's
 * default). A default's `region` is not known in the browser: every default applies.
 * https://developers.google.com/tag-platform/security/guides/consent
 *
 * @example
 * createTracker({ endpoint, plugins: [consentMode()] })
 */
export function consentMode({ dataLayerName = 'dataLayer' }: { dataLayerName?: string } = {}): Plugin {
  return {
    name: 'consentMode',
    setup(tracker) {
      // An update of analytics_storage was seen: gtag ignores a default after it, and so do we.
      let updated: ConsentState | undefined
      return listenDataLayer(dataLayerName, (entry) => {
        try {
          const args = entry as Gtag
          if (!args || typeof args != 'object' || args[0] != 'consent') return
          const storage = (args[2] as { analytics_storage?: string } | undefined)?.analytics_storage
          if (storage == 'granted' || storage == 'denied')
            if (args[1] == 'update') tracker.consent((updated = storage))
            // A default only ends `pending`, or makes it: denied (GPC) stays denied until an update.
            else if (!updated && tracker.consent() != 'denied') tracker.consent(storage == 'denied' ? 'pending' : storage)
        } catch (e) {
          tracker.log.error('consent mode bridge failed', e)
        }
      })
    },
  }
}

interface TcData {
  gdprApplies?: boolean
  eventStatus?: 'tcloaded' | 'cmpuishown' | 'useractioncomplete'
  purpose?: { consents?: Record<string, boolean> }
  listenerId?: number
}
type TcfApi = (command: string, version: number, callback: (data: TcData, success: boolean) => void, param?: unknown) => void

/**
 * Follow an IAB TCF v2.2 consent manager through `window.__tcfapi`: purpose 1 ("store and/or
 * access information on a device") granted → `granted`; not granted once the visitor has acted or
 * the stored choice loaded → `denied`; the banner showing → `pending`. Where GDPR does not apply,
 * the site's own default stands. When a CMP is present at start, events are held until it answers.
 * https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework
 *
 * @example
 * createTracker({ endpoint, plugins: [tcf()] })
 */
export function tcf(): Plugin {
  return {
    name: 'tcf',
    setup(tracker) {
      const api = (window as unknown as { __tcfapi?: TcfApi }).__tcfapi
      if (typeof api != 'function') return
      let listenerId: number | undefined
      const initial = tracker.consent()
      if (initial == 'granted') tracker.consent('pending')
      api('addEventListener', 2, (data, success) => {
        if (!success || !data) return
        listenerId = data.listenerId
        let state: ConsentState
        if (data.gdprApplies === false) state = initial == 'denied' ? 'denied' : 'granted'
        else if (data.eventStatus == 'cmpuishown') state = 'pending'
        else state = data.purpose?.consents?.['1'] ? 'granted' : 'denied'
        tracker.consent(state)
      })
      return () => {
        if (listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId)
      }
    },
  }
}

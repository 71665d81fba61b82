import { guard, onHide, type Plugin, type Properties } from '@touchtrail/core'
import { watchErrors } from './errors.js'
import { createMetrics } from './metrics.js'
import { watchRageClicks } from './rage-click.js'
import { selector } from './selector.js'
import type { Wrap } from './wrap.js'

/** Options of {@link vitals}. */
export interface VitalsOptions {
  /**
   * Add `lcpTarget` and `inpTarget` to `page_vitals`: the LCP element and the slowest interaction's
   * target as short selectors (`#hero>img.main`), as web-vitals' attribution build names them.
   * @default false
   */
  attribution?: boolean
  /** Send `rage_click` events. @default true */
  rageClicks?: boolean
  /** Clicks on one element within `rageClickWindowMs` that make a rage click. @default 3 */
  rageClickCount?: number
  /** The time within which `rageClickCount` clicks make a rage click. @default 1000 */
  rageClickWindowMs?: number
  /** Send `page_error` events for uncaught errors and unhandled promise rejections. @default true */
  errors?: boolean
  /** Most `page_error` events per page view; each distinct error counts once. @default 5 */
  maxErrorsPerPage?: number
}

/**
 * Page experience and pain points per page view: one `page_vitals` event (LCP, INP, CLS, FCP, TTFB
 * with web-vitals' ratings) when the page is first hidden or an SPA navigation ends the view, plus
 * `rage_click` and `page_error` as they happen. Every event carries `pageViewId`, the `messageId`
 * of its page view. Observers start after the page's load event; nothing runs before.
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews(), vitals()] })
 * createTracker({ endpoint, plugins: [pageViews(), vitals({ attribution: true, rageClickCount: 4 })] })
 */
export function vitals({
  attribution = false,
  rageClicks = true,
  rageClickCount = 3,
  rageClickWindowMs = 1000,
  errors = true,
  maxErrorsPerPage = 5,
}: VitalsOptions = {}): Plugin {
  return {
    name: 'vitals',
    setup(tracker) {
      const wrap: Wrap = (fn) => guard(tracker.log, 'vitals', fn)
      const metrics = createMetrics(attribution)
      // The page view being measured: its messageId and path; `sent` once its page_vitals is out.
      let view: string | undefined
      let path: string | undefined
      let sent = false
      let timer: ReturnType<typeof setTimeout> | undefined

      const track = (event: string, properties: Properties) => tracker.track(event, { ...properties, pageViewId: view })

      /** Send the view's page_vitals, once; false when there was nothing to send. */
      const send = () => {
        if (!view || sent) return false
        sent = true
        track('page_vitals', { path, ...metrics._read() })
        return true
      }

      const rage = rageClicks
        ? watchRageClicks((el, count) => track('rage_click', { selector: selector(el), count }), wrap, rageClickCount, rageClickWindowMs, tracker.now)
        : undefined
      const errs = errors ? watchErrors((e) => track('page_error', { ...e }), wrap, maxErrorsPerPage) : undefined

      const offPage = tracker.on('page', (ev) => {
        // A second page view in the same document is an SPA navigation: the previous view is over.
        if (view) {
          send()
          metrics._next()
        }
        view = ev.messageId
        path = ev.context.page.path
        sent = false
        errs?._reset()
      })

      // The first hide is the last moment a page is sure to run code (it may be discarded or closed
      // without another event). core builds events in a microtask and the transport beacons in its
      // own hide listener, which ran before this one: flush() builds and hands over the event now.
      const offHide = onHide(
        wrap(() => {
          metrics._start()
          const burst = rage?._end()
          if (send() || burst) tracker.flush()
        }),
      )

      // Nothing before the page's own load work: observers start in a task after `load`, and their
      // buffered entries bring what happened before.
      const start = wrap(() => metrics._start())
      const onLoad = () => (timer = setTimeout(start))
      if (document.readyState == 'complete') onLoad()
      else addEventListener('load', onLoad)

      return () => {
        offPage()
        offHide()
        clearTimeout(timer)
        removeEventListener('load', onLoad)
        metrics._stop()
        rage?._stop()
        errs?._stop()
      }
    },
  }
}

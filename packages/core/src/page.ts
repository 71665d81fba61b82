import type { PageContext, Plugin } from './types.js'

/** `context.page` as it stands now; `referrer` is passed in because SPA navigations have their own. */
export function pageContext(referrer: string): PageContext {
  return { url: location.href, path: location.pathname, search: location.search, title: document.title, referrer }
}

/**
 * A plugin that sends a page view now and after every SPA navigation: `pushState`, `popstate`, and
 * `replaceState` when the path changes (a `replaceState` that only drops tracking parameters is no
 * new page). History methods are wrapped, not replaced, so routers and other tools keep working.
 * The page view is recorded in the next task, once the router's own task is done: routers change the
 * URL first and the title after it, and a page view must carry the new page's title. Routes passed
 * through within one task (a redirect) are one page view, of the route the visitor saw.
 *
 * @example
 * createTracker({ endpoint, plugins: [pageViews()] })
 */
export function pageViews(): Plugin {
  return {
    name: 'pageViews',
    setup(tracker) {
      let last = location.pathname + location.search
      let live = true
      const check = (kind?: string) => {
        if (!live) return
        const prev = last
        last = location.pathname + location.search
        if (last != prev && (kind != 'replaceState' || location.pathname != prev.split('?')[0])) tracker.page(undefined, undefined, location.origin + prev)
      }
      const wrap = (name: 'pushState' | 'replaceState') => {
        const original = history[name]
        const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
          original.apply(this, args)
          setTimeout(check, 0, name)
        }
        history[name] = wrapper
        // Restore only if nobody wrapped ours since; otherwise ours stays in the chain, switched off.
        return () => history[name] === wrapper && (history[name] = original)
      }
      const restore = [wrap('pushState'), wrap('replaceState')]
      const pop = () => setTimeout(check)
      addEventListener('popstate', pop)
      tracker.page()
      return () => {
        removeEventListener('popstate', pop)
        restore.forEach((r) => r())
        live = false
      }
    },
  }
}

import type { PageContext, Plugin } from './types.js'

/** `context.page` as it stands now; `referrer` is passed in because SPA navigations have their own. */
export function pageContext(referrer: string): PageContext {
  return { url: location.href, path: location.pathname, search: location.search, title: document.title, referrer }
}

/**
 * A plugin that sends a page view now and after every SPA navigation: `pushState`, `popstate`, and
 * `replaceState` when the path changes (a `replaceState` that only drops tracking parameters is no
 * new page). History methods are wrapped, not replaced, so routers and other tools keep working.
 * Routers change the URL first and the title after it: core reads the title once the caller's task
 * is done, and a `popstate` page view is recorded in the next task, after the router's own listener.
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
          check(name)
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

import { match, titleOf, type Route } from './routes'

/**
 * Client-side navigation with `history.pushState`: same-origin links are taken over, the back
 * button re-renders. `show` must set the title (see `navigate`).
 */
export function startRouter(show: (route: Route) => void) {
  const navigate = (href: string) => {
    const url = new URL(href, location.href)
    if (url.pathname + url.search == location.pathname + location.search) return
    const route = match(url.pathname)
    // pageViews() records the page view inside pushState, and touchtrail reads the title once this
    // task is done: the order of these lines does not matter to it.
    document.title = titleOf(route)
    history.pushState(null, '', url)
    show(route)
    scrollTo(0, 0)
  }

  // A back/forward step: pageViews() records its page view in the next task, after this listener
  // has set the new title.
  addEventListener('popstate', () => show(match(location.pathname)))

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null
    if (!link || link.origin != location.origin || link.target || link.hasAttribute('download')) return
    if (event.defaultPrevented || event.button != 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(link.href)
  })

  return { navigate }
}

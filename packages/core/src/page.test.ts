import { afterEach, describe, expect, it } from 'vitest'
import { createTracker } from './tracker.js'
import { pageViews } from './page.js'
import type { TrackerEvent } from './types.js'

const tick = () => new Promise((r) => setTimeout(r, 0))
const start = location.pathname

afterEach(() => {
  history.replaceState(null, '', start)
  localStorage.clear()
})

describe('pageViews', () => {
  it('sends a page view now and one per route change; a query-only replaceState is none', async () => {
    const sent: TrackerEvent[] = []
    const t = createTracker({ endpoint: 'x', plugins: [pageViews()], transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {} }) })
    history.pushState(null, '', '/products')
    history.replaceState(null, '', '/products?utm_source=x')
    history.pushState(null, '', '/products?utm_source=x#top')
    history.replaceState(null, '', '/cart')
    await tick()
    expect(sent.map((e) => e.context.page.path)).toEqual([start, '/products', '/cart'])
    expect(sent[2].context.page.referrer).toBe(location.origin + '/products?utm_source=x')
    t.destroy()
    history.pushState(null, '', '/after-destroy')
    await tick()
    expect(sent).toHaveLength(3)
  })

  it('carries the title the router sets after the URL, on pushState and on popstate', async () => {
    const sent: TrackerEvent[] = []
    const t = createTracker({ endpoint: 'x', plugins: [pageViews()], transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {} }) })
    const title = document.title
    await tick()
    // A router's navigation: the URL, then the title, in one task; an event of the new page in between.
    history.pushState(null, '', '/jeans')
    t.track('view_item')
    document.title = 'Jeans 501'
    await tick()
    expect(sent.map((e) => [e.type, e.context.page.path, e.context.page.title, e.context.page.referrer])).toEqual([
      ['page', start, title, document.referrer],
      ['page', '/jeans', 'Jeans 501', location.origin + start],
      ['track', '/jeans', 'Jeans 501', location.origin + start],
    ])
    // Back: the URL changes, popstate fires, and the router's own listener (added later) sets the title.
    const router = () => (document.title = 'Home')
    addEventListener('popstate', router)
    History.prototype.replaceState.call(history, null, '', '/jeans?size=32')
    dispatchEvent(new PopStateEvent('popstate'))
    await tick()
    await tick()
    expect(sent.at(-1)!.context.page).toMatchObject({ path: '/jeans', search: '?size=32', title: 'Home' })
    removeEventListener('popstate', router)
    document.title = title
    t.destroy()
  })

  it('keeps the router working even when the tracker was torn down under another wrapper', () => {
    const t = createTracker({ endpoint: 'x', plugins: [pageViews()], transport: () => ({ send() {}, flush: async () => {} }) })
    const ours = history.pushState
    const theirs = function (this: History, ...args: Parameters<History['pushState']>) {
      return ours.apply(this, args)
    }
    history.pushState = theirs
    t.destroy()
    expect(history.pushState).toBe(theirs)
    history.pushState(null, '', '/still-works')
    expect(location.pathname).toBe('/still-works')
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, type Tracker, type TrackerEvent } from '@touchtrail/core'
import { vitals, type VitalsOptions } from './index.js'

// A PerformanceObserver whose entries the test hands out: happy-dom has no performance timeline.
class FakeObserver {
  static supportedEntryTypes = ['largest-contentful-paint', 'paint', 'layout-shift', 'event', 'first-input']
  static all: FakeObserver[] = []
  types: string[] = []
  pending: PerformanceEntry[] = []
  constructor(public callback: (list: { getEntries(): PerformanceEntry[] }) => void) {
    FakeObserver.all.push(this)
  }
  observe(o: { type: string }) {
    this.types.push(o.type)
  }
  takeRecords() {
    return this.pending.splice(0)
  }
  disconnect() {
    this.types = []
  }
}

/** Entries the browser would queue; `deliver` runs the observer's callback as a later task would. */
const emit = (entries: object[], deliver = false) => {
  for (const po of FakeObserver.all) {
    po.pending.push(...(entries as PerformanceEntry[]).filter((e) => po.types.includes(e.entryType)))
    if (deliver) po.callback({ getEntries: () => po.pending.splice(0) })
  }
}
const lcp = (startTime: number, element: Element | null = null) => ({ entryType: 'largest-contentful-paint', name: '', startTime, element })
const fcp = (startTime: number) => ({ entryType: 'paint', name: 'first-contentful-paint', startTime })
const shift = (startTime: number, value: number) => ({ entryType: 'layout-shift', startTime, value, hadRecentInput: false })
const event = (interactionId: number, duration: number, target: Element | null = null) => ({ entryType: 'event', name: 'click', interactionId, duration, target })

let timeline: Record<string, object[]>
let sent: TrackerEvent[]
let flushes: number
let tracker: Tracker

beforeEach(() => {
  vi.useFakeTimers()
  FakeObserver.all = []
  vi.stubGlobal('PerformanceObserver', FakeObserver)
  timeline = { navigation: [{ type: 'navigate', responseStart: 120, activationStart: 0 }], 'visibility-state': [] }
  vi.spyOn(performance, 'getEntriesByType').mockImplementation((type: string) => (timeline[type] || []) as PerformanceEntryList)
  document.body.innerHTML = '<section id="hero"><img class="main"></section><button class="buy">Buy</button>'
  sent = []
  flushes = 0
})
afterEach(() => {
  tracker?.destroy()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  history.replaceState(null, '', '/')
})

const start = (options?: VitalsOptions) => {
  tracker = createTracker({
    endpoint: 'https://collect.test/collect',
    storage: 'memory',
    transport: () => ({ send: (events) => void sent.push(...events), flush: () => (flushes++, Promise.resolve()) }),
    plugins: [vitals(options)],
  })
}
/** Let core build what was recorded (a microtask) and the plugin start its observer (a task). */
const settle = () => vi.advanceTimersByTimeAsync(0)
const named = (name: string) => sent.filter((e) => e.event == name)
const hide = () => dispatchEvent(new Event('pagehide'))

describe('vitals', () => {
  it('starts observing only in a task after the page has loaded', async () => {
    start()
    expect(FakeObserver.all).toHaveLength(0)
    await settle()
    expect(FakeObserver.all[0].types).toEqual(FakeObserver.supportedEntryTypes)
  })

  it('sends one page_vitals for the page view when the page hides, with values and web-vitals’ ratings', async () => {
    start()
    tracker.page()
    await settle()
    emit([fcp(900), lcp(900), lcp(2700), shift(300, 0.3), event(1, 48)], true)
    emit([event(1, 320)]) // still queued when the page hides: taken with takeRecords()
    expect(named('page_vitals')).toEqual([])
    hide()
    hide()
    document.dispatchEvent(new Event('visibilitychange'))
    await settle()
    const [pageView] = sent
    expect(named('page_vitals').map((e) => e.properties)).toEqual([
      {
        pageViewId: pageView.messageId,
        path: '/',
        navigationType: 'navigate',
        lcp: 2700,
        lcpRating: 'needs-improvement',
        fcp: 900,
        fcpRating: 'good',
        ttfb: 120,
        ttfbRating: 'good',
        inp: 320,
        inpRating: 'needs-improvement',
        cls: 0.3,
        clsRating: 'poor',
      },
    ])
    // Handed over at once, not left to a batch timer the hidden page may never run.
    expect(flushes).toBe(1)
  })

  it('leaves out paints after the page was first hidden, and INP without an interaction', async () => {
    timeline['visibility-state'] = [{ name: 'visible', startTime: 0 }, { name: 'hidden', startTime: 1500 }]
    start()
    tracker.page()
    await settle()
    emit([fcp(800), lcp(800), lcp(2000)])
    hide()
    await settle()
    const [v] = named('page_vitals')
    expect(v.properties).toMatchObject({ lcp: 800, fcp: 800, cls: 0 })
    expect(v.properties).not.toHaveProperty('inp')
  })

  it('names the LCP element and the slowest interaction’s target with attribution', async () => {
    start({ attribution: true })
    tracker.page()
    await settle()
    emit([lcp(1000, document.querySelector('img')), event(4, 250, document.querySelector('button'))])
    hide()
    await settle()
    expect(named('page_vitals')[0].properties).toMatchObject({ lcpTarget: '#hero>img.main', inpTarget: 'body>button.buy' })
  })

  it('ends the view on an SPA navigation and measures the next one from there', async () => {
    start()
    tracker.page()
    await settle()
    emit([fcp(500), lcp(700), shift(100, 0.2), event(1, 400)])
    history.pushState(null, '', '/item')
    tracker.page()
    await settle()
    const [first, second] = sent.filter((e) => e.type == 'page')
    expect(named('page_vitals').map((e) => e.properties)).toEqual([expect.objectContaining({ pageViewId: first.messageId, path: '/', navigationType: 'navigate', lcp: 700, inp: 400, cls: 0.2 })])
    emit([lcp(3000), shift(5000, 0.01), event(2, 90)])
    hide()
    await settle()
    expect(named('page_vitals')[1].properties).toEqual({
      pageViewId: second.messageId,
      path: '/item',
      navigationType: 'soft-navigation',
      inp: 90,
      inpRating: 'good',
      cls: 0.01,
      clsRating: 'good',
    })
  })

  it('sends nothing without a page view to link to', async () => {
    start()
    await settle()
    emit([lcp(1000)])
    hide()
    await settle()
    expect(sent).toEqual([])
  })

  it('links rage clicks and errors to their page view and counts errors per view', async () => {
    start({ maxErrorsPerPage: 1 })
    tracker.page()
    await settle()
    const button = document.querySelector('button')!
    for (let i = 0; i < 3; i++) button.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    dispatchEvent(new ErrorEvent('error', { message: 'first', filename: 'https://shop.test/a.js', lineno: 1 }))
    dispatchEvent(new ErrorEvent('error', { message: 'second', filename: 'https://shop.test/a.js', lineno: 2 }))
    await vi.advanceTimersByTimeAsync(1000)
    tracker.page()
    await settle()
    dispatchEvent(new ErrorEvent('error', { message: 'second', filename: 'https://shop.test/a.js', lineno: 2 }))
    await settle()
    const [first, second] = sent.filter((e) => e.type == 'page')
    expect(named('rage_click').map((e) => e.properties)).toEqual([{ selector: 'body>button.buy', count: 3, pageViewId: first.messageId }])
    expect(named('page_error').map((e) => [e.properties!.message, e.properties!.pageViewId])).toEqual([
      ['first', first.messageId],
      ['second', second.messageId],
    ])
  })

  it('can leave out rage clicks and errors', async () => {
    start({ rageClicks: false, errors: false })
    tracker.page()
    await settle()
    for (let i = 0; i < 5; i++) document.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    dispatchEvent(new ErrorEvent('error', { message: 'boom' }))
    await vi.advanceTimersByTimeAsync(2000)
    expect(sent.map((e) => e.event || e.type)).toEqual(['page'])
  })

  it('never throws into the page when measuring fails, and logs it in debug mode', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    tracker = createTracker({
      endpoint: 'https://collect.test/collect',
      storage: 'memory',
      debug: true,
      transport: () => ({ send: (events) => void sent.push(...events), flush: () => Promise.resolve() }),
      plugins: [vitals()],
    })
    tracker.page()
    await settle()
    vi.mocked(performance.getEntriesByType).mockImplementation(() => {
      throw new Error('no timeline')
    })
    expect(() => hide()).not.toThrow()
    expect(logged).toHaveBeenCalledWith('touchtrail: vitals failed', expect.any(Error))
  })

  it('removes every listener and its observer on teardown', async () => {
    start()
    tracker.page()
    await settle()
    tracker.destroy()
    await settle()
    const before = sent.length
    for (let i = 0; i < 3; i++) document.querySelector('button')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    dispatchEvent(new ErrorEvent('error', { message: 'after' }))
    hide()
    await vi.advanceTimersByTimeAsync(2000)
    expect(sent).toHaveLength(before)
    expect(FakeObserver.all[0].types).toEqual([])
  })
})

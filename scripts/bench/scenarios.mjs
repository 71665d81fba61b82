/**
 * What the bench does in the browser, per SDK, each run in a fresh context with its own collector:
 * the main-thread cost of 1,000 `track()` calls (and their delivery, the plain scenario), and
 * delivery under faults: offline then reload, tab closed right after tracking, a collector failing
 * its first requests, two tabs. Waits are bounded; a fault scenario that is not complete when its
 * bound runs out gets one return visit (the same browser profile opens the page again), which is
 * how SDKs that persist their queue deliver.
 */
import { freshContext } from './browser.mjs'
import { delivery } from './decode.mjs'
import { startSink } from './sink.mjs'

/** Events tracked in each fault scenario (per tab). */
export const FAULT_EVENTS = 20
/** Requests carrying events that the failing collector answers with 503. */
export const FAIL_FIRST = 3

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const keys = (from, count) => Array.from({ length: count }, (_, i) => `bench_event#${from + i}`)

/** Properties of the n-th call: the same small product for every SDK. */
const PROPS = `n => ({ n, sku: 'TR-42', name: 'Trail runner', price: 59.9, currency: 'EUR', quantity: 1 })`

/**
 * Wait until `done()` holds, at most `maxMs`; with `quietMs`, stop early once the collector has
 * seen no request for that long. Resolves with whether `done()` held.
 */
async function settle(sink, done, { maxMs, quietMs = Infinity }) {
  const start = Date.now()
  for (;;) {
    if (done()) return true
    const now = Date.now()
    if (now - start > maxMs || now - Math.max(start, sink.lastAt()) > quietMs) return false
    await sleep(50)
  }
}

/** Resolve once the collector has `count` page views (the SDK is up and sending); throw after `maxMs`. */
async function pageViews(sink, count, maxMs = 20_000) {
  const ok = await settle(sink, () => sink.events().filter((e) => 'page' in e).length >= count, { maxMs })
  if (!ok) throw new Error(`no page view reached the collector within ${maxMs / 1000} s`)
}

/** Call `benchTrack` for counters `from … from+count-1`. */
function track(page, from, count) {
  return page.evaluate(
    ([from, count, props]) => {
      const make = (0, eval)(props)
      for (let n = from; n < from + count; n++) window.benchTrack('bench_event', make(n))
    },
    [from, count, PROPS],
  )
}

/** An error's message with the first page errors seen, to explain a failed run. */
const explain = (e, errors) => {
  // Playwright's messages carry a call log and terminal colours: the first line says it.
  const first = (m) => String(m).split('\n')[0].replace(/\x1b\[[0-9;]*m/g, '').trim()
  return `${first(e.message)}${errors.length ? ` (${errors.slice(0, 3).map(first).join('; ')})` : ''}`
}

/** Console errors and page errors, kept to explain a failed run. */
function watch(page, into) {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`))
  page.on('console', (m) => m.type() == 'error' && into.push(`console: ${m.text().slice(0, 160)}`))
}

/**
 * One timing repetition: load the page, wait for the SDK's page view, then make `calls` track()
 * calls and measure the main thread: `busyMs`, all of its task time from the first call until
 * `afterMs` after the calls (CDP `Performance.getMetrics` TaskDuration, so work an SDK defers in
 * small tasks counts too; the window stretches when the thread is saturated); `mainMs`, the calls
 * plus the work they schedule up to the next `setTimeout(0)`; and the long tasks in the window. With `deliver`, also wait for every call to reach
 * the collector and count requests and bytes (the plain scenario).
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{ url(sdk: object, port: number): string }} site
 * @param {import('./sdks.mjs').Sdk} sdk
 * @param {{ calls: number, afterMs: number, deliver: boolean, deliverMaxMs: number }} options
 */
export async function timingRun(browser, site, sdk, { calls = 1000, afterMs = 2000, deliver = false, deliverMaxMs = 45_000 } = {}) {
  const sink = await startSink(sdk.family)
  const context = await freshContext(browser)
  const errors = []
  try {
    const page = await context.newPage()
    watch(page, errors)
    // The renderer main thread's total task time, the same number a trace's RunTask events add up to.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    const taskMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name == 'TaskDuration').value * 1000
    await page.goto(site.url(sdk, sink.port))
    await pageViews(sink, 1)
    await page.evaluate(([calls, props]) => {
      const make = (0, eval)(props)
      window.__benchProps = Array.from({ length: calls }, (_, n) => make(n))
    }, [calls, PROPS])
    const before = await taskMs()
    const t = await page.evaluate(
      async ([calls, afterMs]) => {
        const tasks = []
        let observer
        try {
          observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
          observer.observe({ type: 'longtask' })
        } catch {}
        const props = window.__benchProps
        const t0 = performance.now()
        for (let i = 0; i < calls; i++) window.benchTrack('bench_event', props[i])
        const t1 = performance.now()
        await new Promise((r) => setTimeout(r, 0))
        const t2 = performance.now()
        await new Promise((r) => setTimeout(r, afterMs))
        observer?.disconnect()
        const longTasks = tasks.filter(([start, duration]) => start + duration >= t0).map(([, d]) => d)
        return { syncMs: t1 - t0, mainMs: t2 - t0, longTasks }
      },
      [calls, afterMs],
    )
    const busyMs = (await taskMs()) - before
    const result = {
      busyMs,
      mainMs: t.mainMs,
      syncMs: t.syncMs,
      longTasks: t.longTasks.length,
      longTaskMs: t.longTasks.reduce((a, b) => a + b, 0),
      blockingMs: t.longTasks.reduce((a, d) => a + Math.max(0, d - 50), 0),
    }
    if (deliver) {
      const expected = keys(0, calls)
      const startedAt = Date.now()
      await settle(sink, () => delivery(sink.events(), expected).delivered == calls, { maxMs: deliverMaxMs, quietMs: 8_000 })
      // A moment for late copies (retries of batches that did arrive) before counting duplicates.
      await sleep(1000)
      const d = delivery(sink.events(), expected)
      const events = d.delivered + sink.events().filter((e) => 'page' in e).length
      result.plain = {
        expected: d.expected,
        delivered: d.delivered,
        duplicates: d.duplicates,
        pageViews: sink.events().filter((e) => 'page' in e).length,
        requests: sink.requests.length,
        preflights: sink.requests.filter((r) => r.method == 'OPTIONS').length,
        bytes: sink.requests.reduce((a, r) => a + r.bytes + r.urlBytes, 0),
        requestsPerEvent: events ? sink.requests.length / events : null,
        bytesPerEvent: events ? sink.requests.reduce((a, r) => a + r.bytes + r.urlBytes, 0) / events : null,
        deliverMs: d.delivered == calls ? Math.max(...sink.requests.map((r) => r.at)) - startedAt : null,
        missing: d.missing.slice(0, 5),
      }
    }
    return result
  } catch (e) {
    throw new Error(explain(e, errors))
  } finally {
    await context.close()
    await sink.close()
  }
}

/**
 * Wait for the expected events; if the bound runs out, open the page once more in the same
 * profile (a return visit) and wait again.
 */
async function deliverOrReturn(context, url, sink, expected, { maxMs, returnMaxMs = 12_000 }) {
  const done = () => delivery(sink.events(), expected).delivered == expected.length
  let returnVisit = false
  if (!(await settle(sink, done, { maxMs }))) {
    returnVisit = true
    const again = await context.newPage()
    await again.goto(url).catch(() => {})
    await settle(sink, done, { maxMs: returnMaxMs })
  }
  await sleep(1000)
  const d = delivery(sink.events(), expected)
  return { expected: d.expected, delivered: d.delivered, duplicates: d.duplicates, returnVisit, missing: d.missing.slice(0, 5) }
}

/**
 * The delivery scenarios, by name (the plain one and the faults). Each returns `{ expected, delivered, duplicates, returnVisit, missing }`.
 *
 * @type {Record<string, (ctx: { browser: import('playwright-core').Browser, site: any, sdk: import('./sdks.mjs').Sdk }) => Promise<object>>}
 */
export const FAULTS = {
  /** Nothing goes wrong: a page view, then the calls, with the page left open. */
  plain: (ctx) =>
    withRun(ctx, {}, async ({ sink, open, settled }) => {
      const page = await open()
      await pageViews(sink, 1)
      await track(page, 0, FAULT_EVENTS)
      return settled(keys(0, FAULT_EVENTS), 12_000)
    }),

  /** Offline: track, then reload while still offline (the page goes away), come back online, open the page again. */
  offline: (ctx) =>
    withRun(ctx, {}, async ({ context, sink, open, settled }) => {
      const page = await open()
      await pageViews(sink, 1)
      await context.setOffline(true)
      sink.setOffline(true)
      await track(page, 0, FAULT_EVENTS)
      // Let the SDK try to send and fail, as it would on a train.
      await sleep(1500)
      await page.reload().catch(() => {}) // fails: offline
      await sleep(1000)
      // Close Chromium's error page first: it reloads by itself once online, racing our navigation.
      await page.close()
      sink.setOffline(false)
      await context.setOffline(false)
      await open()
      return settled(keys(0, FAULT_EVENTS), 12_000)
    }),

  /** Tab closed right after tracking (unload handlers run, as when a visitor closes the tab). */
  tabClose: (ctx) =>
    withRun(ctx, {}, async ({ sink, open, settled }) => {
      const page = await open()
      await pageViews(sink, 1)
      const closed = new Promise((r) => page.once('close', r))
      await track(page, 0, FAULT_EVENTS)
      await page.close({ runBeforeUnload: true })
      await closed
      return settled(keys(0, FAULT_EVENTS), 10_000)
    }),

  /** The collector answers 503 to the first requests that carry events (the page view's included). */
  failing: (ctx) =>
    withRun(ctx, { failFirst: FAIL_FIRST }, async ({ sink, open, settled }) => {
      const page = await open()
      const up = await settle(sink, () => sink.requests.some((r) => r.events.length), { maxMs: 20_000 })
      if (!up) throw new Error('no request with events reached the collector within 20 s')
      await track(page, 0, FAULT_EVENTS)
      return settled(keys(0, FAULT_EVENTS), 20_000)
    }),

  /** Two tabs of the same profile track at the same time (counters 0… in one, 100… in the other). */
  twoTabs: (ctx) =>
    withRun(ctx, {}, async ({ sink, open, settled }) => {
      const [a, b] = await Promise.all([open(), open()])
      await pageViews(sink, 2)
      await Promise.all([track(a, 0, FAULT_EVENTS), track(b, 100, FAULT_EVENTS)])
      return settled([...keys(0, FAULT_EVENTS), ...keys(100, FAULT_EVENTS)], 12_000)
    }),
}

/**
 * A fresh context and collector around one scenario. `fn` gets the context, the collector,
 * `open()` (a new tab on the SDK's page, its errors watched) and `settled(expected, maxMs)`
 * (wait for the expected calls, with one return visit if the bound runs out). A thrown error
 * becomes `{ error }`, with the page's errors.
 */
async function withRun({ browser, site, sdk }, sinkOptions, fn) {
  const sink = await startSink(sdk.family, sinkOptions)
  const context = await freshContext(browser)
  const errors = []
  const url = site.url(sdk, sink.port)
  const open = async () => {
    const page = await context.newPage()
    watch(page, errors)
    await page.goto(url)
    return page
  }
  try {
    return await fn({ context, sink, open, settled: (expected, maxMs) => deliverOrReturn(context, url, sink, expected, { maxMs }) })
  } catch (e) {
    return { error: explain(e, errors) }
  } finally {
    await context.close().catch(() => {})
    await sink.close()
  }
}

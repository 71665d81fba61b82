import { beforeEach, describe, expect, it } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { shopPage, useHarness, type TestCollector, type TestSite } from '../../../scripts/e2e/harness.js'
import { track } from './helpers.js'

// Several tabs of one site share the queue: one sends at a time, against a collector that fails
// one request in four. Everything arrives, and no batch goes out twice. In the last case one tab has
// no IndexedDB: it keeps its queue in localStorage (`tt_q`), which the other tab takes in while the
// first still adds to it.
let collector: TestCollector, site: TestSite, context: BrowserContext
useHarness((f) => ({ collector, site, context } = f))
beforeEach(() => {
  let n = 0
  collector.respond = () => (++n % 4 == 0 ? { status: n % 8 ? 503 : 500 } : undefined)
})

const BURSTS = 5
const PER_BURST = 30

describe.each([
  [2, 'Web Locks', ''],
  [4, 'Web Locks', ''],
  [2, 'the lease (no Web Locks)', ''],
  [2, 'Web Locks', ', the first without IndexedDB'],
] as const)('%i tabs tracking at once, one sender by %s%s', (tabs, how, noIdb) => {
  it('deliver every event, none twice after dedupe, at most 1 % twice on the wire with Web Locks', async () => {
    if (how != 'Web Locks') await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }))
    const url = site.page('/tabs.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } }))
    const pages = await Promise.all(Array.from({ length: tabs }, () => context.newPage()))
    if (noIdb) await pages[0].addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }))
    await Promise.all(pages.map((p) => p.goto(url)))
    await Promise.all(pages.map((p) => p.waitForFunction(() => !(window as any).touchtrail.q)))
    // Every tab tracks in bursts, all tabs at once, while others are sending.
    // Without IndexedDB in one tab, the bursts spread over 8 s, so that tab still adds to `tt_q` while
    // the other takes it in (5 s after load, with its first delivery).
    for (let b = 0; b < BURSTS; b++) {
      await Promise.all(pages.map((p, t) => track(p, PER_BURST, 'tab' + t, b * PER_BURST)))
      if (noIdb) await pages[0].waitForTimeout(2000)
    }
    const total = tabs * BURSTS * PER_BURST
    const events = await collector.waitFor((e) => e.length >= total, 60_000)
    for (let t = 0; t < tabs; t++) {
      const ns = events.filter((e) => e.event == 'tab' + t).map((e) => e.properties!.n)
      expect(ns.sort((a, b) => a - b)).toEqual(Array.from({ length: BURSTS * PER_BURST }, (_, i) => i))
    }
    expect(events).toHaveLength(total)
    // Each event says where its own tab kept it.
    const kept = (t: number) => new Set(events.filter((e) => e.event == 'tab' + t).map((e) => e.context.queue))
    if (noIdb) expect([kept(0), kept(1)]).toEqual([new Set(['localstorage']), new Set(['indexeddb'])])
    expect(collector.requests.some((r) => r.status >= 500)).toBe(true)
    const duplicates = collector.duplicates() / collector.events().length
    console.log(`${tabs} tabs, ${how}${noIdb}: ${collector.requests.length} requests, ${(100 * duplicates).toFixed(1)} % duplicates`)
    // One sender at a time: a batch never goes out from two tabs. The lease can let two tabs that
    // take it in the same instant both send (a duplicate, never a loss): the bound is for Web Locks.
    if (how == 'Web Locks') expect(duplicates).toBeLessThanOrEqual(0.01)
  }, 90_000)
})

import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { shopPage, useHarness, waitFor, type TestCollector, type TestSite, type WireEvent } from '../../../scripts/e2e/harness.js'
import { track } from './helpers.js'

// Past the bounds (10,000 events, 7 days), the oldest events are evicted and a queue_overflow event
// says exactly how many: what arrives plus what is reported is what was tracked.
let collector: TestCollector, site: TestSite, context: BrowserContext, page: Page
useHarness((f) => ({ collector, site, context, page } = f))

/** Events stored in the queue's database; 0 before the queue created it (opening it here must not create it). */
const stored = () =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name == 'touchtrail')) return 0
    return new Promise<number>((resolve) => {
      const open = indexedDB.open('touchtrail')
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('e')) return db.close(), resolve(0)
        const count = db.transaction('e').objectStore('e').count()
        count.onsuccess = () => (db.close(), resolve(count.result))
      }
    })
  })
const reports = (events: WireEvent[]) => events.filter((e) => e.event == 'queue_overflow').map((e) => e.properties)

describe('the bounds of the queue', () => {
  it('keeps 10,000 events: 10,100 tracked offline lose the oldest 101, reported exactly', async () => {
    await page.goto(site.page('/bound.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } })))
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    await context.setOffline(true)
    await track(page, 10_100)
    // 9,999 kept and the report: the bound holds on the device.
    await waitFor(async () => (await stored()) == 10_000, 30_000, 'the eviction')
    await context.setOffline(false)
    const events = await collector.waitFor((e) => e.length >= 10_000, 60_000)
    expect(reports(events)).toEqual([{ dropped: 101, reason: 'count' }])
    const arrived = events.filter((e) => e.event == 'e').map((e) => e.properties!.n as number)
    expect(arrived.length + 101).toBe(10_100)
    // The oldest went.
    expect(Math.min(...arrived)).toBe(101)
    expect(new Set(arrived).size).toBe(arrived.length)
  }, 120_000)

  it('keeps events 7 days: older ones are evicted and reported with reason age', async () => {
    await page.clock.install()
    await page.goto(site.page('/age.html', shopPage({ endpoint: collector.endpoint, attrs: { 'data-auto-page': 'false' } })))
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    await context.setOffline(true)
    await track(page, 30, 'old')
    await waitFor(async () => (await stored()) == 30, 10_000, 'the write')
    await page.clock.fastForward(7 * 24 * 3600_000 + 60_000)
    await track(page, 1, 'fresh')
    await context.setOffline(false)
    await page.clock.runFor(6000)
    const events = await collector.waitFor((e) => e.some((x) => x.event == 'queue_overflow') && e.some((x) => x.event == 'fresh'), 30_000)
    expect(reports(events)).toEqual([{ dropped: 30, reason: 'age' }])
    expect(events.filter((e) => e.event == 'old')).toEqual([])
  })
})

// What a long offline backlog costs the page with @touchtrail/queue, in headless Chromium. Run after
// `pnpm build`: `node scripts/bench/queue-backlog.mjs [--sizes 1000,5000,10000] [--module <path>]`.
//
// For each size, a fresh browser context goes offline, queues that many events (bursts of 100, as
// a busy page would over hours offline), waits until they are written, and then measures the page
// while it goes on tracking offline: 20 track() calls, each in a task of its own 100 ms apart,
// then 6 s more, so the queue's own timer (5 s) runs a delivery attempt too. Measured:
//   - main thread: Chromium's TaskDuration (CDP Performance.getMetrics) over that window: every task
//     the page ran, IndexedDB callbacks included;
//   - long tasks: PerformanceObserver 'longtask' entries (over 50 ms) in the window.
// Then the context goes online and the time until the collector has every event is printed.
//
// `--module` loads another build of the queue (an ES module importing '@touchtrail/core' and
// 'idb-keyval', path from the repository root) to compare two designs in one run.
import { parseArgs } from 'node:util'
import { launchChromium } from '../chromium.mjs'
import { countingCollector, IMPORT_MAP, pageServer, taskMs } from './loopback.mjs'

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000,10000' }, module: { type: 'string', default: 'packages/queue/dist/index.js' } } })
const SIZES = args.sizes.split(',').map(Number)
const MODULE = '/' + args.module.replace(/^\/+/, '')

const collector = await countingCollector()
const endpoint = collector.endpoint

const page = `<!doctype html><meta charset="utf-8"><title>backlog</title>
${IMPORT_MAP}
<script type="module">
import { createTracker } from '@touchtrail/core'
import { queue } from ${JSON.stringify(MODULE)}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const props = (i) => ({ i, item_id: 'SKU-' + i, item_name: 'Trail running shoe ' + i, price: 119.9, currency: 'EUR', items: [{ item_id: 'SKU-' + i, quantity: 1 }] })
let tracker
const long = []
new PerformanceObserver((list) => long.push(...list.getEntries())).observe({ type: 'longtask' })
window.fill = async (n) => {
  // At 10,000 (the default maxEvents) the calls after the fill evict the oldest, with a report.
  tracker = createTracker({ endpoint: ${JSON.stringify(endpoint)}, transport: queue() })
  for (let i = 0; i < n; i += 100) {
    for (let j = i; j < Math.min(n, i + 100); j++) tracker.track('view_item', props(j))
    await sleep(10)
  }
  await tracker.flush()
  await sleep(1000)
}
window.measure = async () => {
  long.length = 0
  for (let i = 0; i < 20; i++) {
    tracker.track('add_to_cart', props(i))
    await sleep(100)
  }
  await sleep(6000)
  return long.map((e) => Math.round(e.duration))
}
window.deliver = () => tracker.flush()
</script>`

const site = await pageServer('/backlog.html', page)
const browser = await launchChromium()

const rows = {}
for (const n of SIZES) {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await tab.goto(site.url)
  await tab.waitForFunction(() => window.measure)
  await context.setOffline(true)
  await tab.evaluate((k) => window.fill(k), n)
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Performance.enable')
  const start = await taskMs(cdp)
  const long = await tab.evaluate(() => window.measure())
  const main = (await taskMs(cdp)) - start
  const before = collector.received()
  const t0 = Date.now()
  await context.setOffline(false)
  await tab.evaluate(() => window.deliver())
  const deadline = Date.now() + 120_000
  // Past the bound, 9,999 and the queue_overflow report.
  while (collector.received() - before < Math.min(n + 20, 10_000) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  rows[`${n} queued`] = {
    'main thread ms (20 calls + 6 s)': main.toFixed(1),
    'long tasks': long.length,
    'longest ms': long.length ? Math.max(...long) : 0,
    'delivered': collector.received() - before,
    'delivery s': ((Date.now() - t0) / 1000).toFixed(1),
  }
  await context.close()
}
console.log(`The queue (${MODULE}) with a backlog, offline, in Chromium ${browser.version()}:`)
console.table(rows)
await browser.close()
collector.close()
site.close()

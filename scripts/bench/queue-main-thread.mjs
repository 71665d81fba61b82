// Main-thread cost of 1,000 track() calls with @touchtrail/queue against core's memory transport,
// in headless Chromium. Run after `pnpm build`: `node scripts/bench/queue-main-thread.mjs [runs]`.
//
// Each run is a fresh browser context (empty IndexedDB) with a page that loads the built ESM files
// through an import map, makes 1,000 track() calls in one task, then awaits flush() (everything
// delivered to a loopback collector). Measured per run:
//   - calls: the synchronous time of the 1,000 calls (performance.now());
//   - first task: the calls plus the microtasks that follow (core builds the events there);
//   - main thread: Chromium's TaskDuration (CDP Performance.getMetrics) from just before the calls
//     to the end of delivery: every task the page ran, IndexedDB and network callbacks included;
//   - long tasks: PerformanceObserver 'longtask' entries (over 50 ms) in that time, split into the
//     calls' own task (the calls and core building 1,000 events in its microtask, the same work for
//     both transports) and the tasks after it (the transport's own work).
// The medians are printed with the queue/memory ratio; the budget is ≤ 2× and no long task.
import { launchChromium } from '../chromium.mjs'
import { countingCollector, IMPORT_MAP, pageServer, taskMs } from './loopback.mjs'

const RUNS = Number(process.argv[2] || 7)
const CALLS = 1000

const collector = await countingCollector()
const endpoint = collector.endpoint

const page = `<!doctype html><meta charset="utf-8"><title>bench</title>
${IMPORT_MAP}
<script type="module">
import { createTracker, memoryTransport } from '@touchtrail/core'
import { queue } from '/packages/queue/dist/index.js'
window.run = async (kind) => {
  const long = []
  new PerformanceObserver((list) => long.push(...list.getEntries())).observe({ type: 'longtask' })
  const tracker = createTracker({ endpoint: ${JSON.stringify(endpoint)}, transport: kind == 'queue' ? queue() : memoryTransport() })
  // Start-up (the tracker, the queue opening IndexedDB) is its own task: let it finish first.
  await tracker.flush()
  await new Promise((r) => setTimeout(r, 100))
  const t0 = performance.now()
  for (let i = 0; i < ${CALLS}; i++) tracker.track('view_item', { i, item_id: 'SKU-' + i, item_name: 'Trail running shoe ' + i, price: 119.9, currency: 'EUR' })
  const t1 = performance.now()
  await new Promise((r) => setTimeout(r))
  const t2 = performance.now()
  await tracker.flush()
  // Let the last callbacks (deletes after delivery) run, then read the long tasks.
  await new Promise((r) => setTimeout(r, 300))
  // A long task that starts before t2 is the calls' own task (core builds the events in its microtask).
  const ms = (e) => Math.round(e.duration)
  const calls = long.filter((e) => e.startTime + e.duration > t0)
  return { calls: t1 - t0, first: t2 - t0, longFirst: calls.filter((e) => e.startTime < t2).map(ms), long: calls.filter((e) => e.startTime >= t2).map(ms) }
}
</script>`

const site = await pageServer('/bench.html', page)

const browser = await launchChromium()

async function once(kind) {
  const context = await browser.newContext()
  const tab = await context.newPage()
  await tab.goto(site.url)
  await tab.waitForFunction(() => window.run)
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Performance.enable')
  const before = collector.received()
  const start = await taskMs(cdp)
  const r = await tab.evaluate((k) => window.run(k), kind)
  const main = (await taskMs(cdp)) - start
  await context.close()
  return { ...r, main, delivered: collector.received() - before }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const runs = { memory: [], queue: [] }
await once('memory') // warm-up: compile caches, first navigation
for (let i = 0; i < RUNS; i++) for (const kind of ['memory', 'queue']) runs[kind].push(await once(kind))

const row = (kind) => {
  const r = runs[kind]
  return {
    'calls ms': median(r.map((x) => x.calls)).toFixed(1),
    'first task ms': median(r.map((x) => x.first)).toFixed(1),
    'main thread ms': median(r.map((x) => x.main)).toFixed(1),
    'long tasks in the calls\' task': r.flatMap((x) => x.longFirst).join(' ') || 'none',
    'long tasks after it': r.flatMap((x) => x.long).join(' ') || 'none',
    'delivered (min)': Math.min(...r.map((x) => x.delivered)),
  }
}
console.log(`${CALLS} track() calls, ${RUNS} runs each, medians (Chromium ${browser.version()}):`)
console.table({ memory: row('memory'), queue: row('queue') })
const ratio = median(runs.queue.map((x) => x.main)) / median(runs.memory.map((x) => x.main))
console.log(`main-thread ratio queue/memory: ${ratio.toFixed(2)} (budget ≤ 2)`)
console.log(`long task of the queue's own work (after the calls' task): ${runs.queue.some((x) => x.long.length) ? 'yes' : 'no'}`)
await browser.close()
collector.close()
site.close()

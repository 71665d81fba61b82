#!/usr/bin/env node
// `pnpm demo`: the collector on its embedded database, with the dashboard, and the example shop; prints the URLs
// and runs until Ctrl-C. `pnpm demo --simulate`: the same, driven by headless Chromium through the journeys of
// our stories over a month of simulated time; prints the report and exits (`--keep-open` to browse it after).
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_DIR, ROOT, createClock, startDemo } from './demo/demo.mjs'

const USAGE = `Usage: pnpm demo [--simulate [--keep-open]] [options]

  --simulate            drive headless Chromium through the four stories, print the report, exit
  --keep-open           with --simulate: keep the shop and the dashboard running afterwards
  --db <path>           the DuckDB file (default .demo/touchtrail.duckdb; .demo/simulation.duckdb, made
                        afresh, with --simulate)
  --collector-port <n>  the collector's port (default 8787, or a free one when taken)
  --shop-port <n>       the shop's port (default 8080, or a free one when taken)
  --chromium <path>     the browser for --simulate (default $CHROMIUM_PATH or /usr/bin/chromium)
`

const { values } = parseArgs({
  options: {
    simulate: { type: 'boolean', default: false },
    'keep-open': { type: 'boolean', default: false },
    db: { type: 'string' },
    'collector-port': { type: 'string', default: '8787' },
    'shop-port': { type: 'string', default: '8080' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH || '/usr/bin/chromium' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  // pnpm passes `--` through when the flags are written as `pnpm demo -- --simulate`.
  allowPositionals: true,
})
if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}

const simulate = values.simulate
const db = values.db ?? join(DEMO_DIR, simulate ? 'simulation.duckdb' : 'touchtrail.duckdb')
const clock = createClock()
const demo = await startDemo({
  db,
  // The simulation takes any free ports, so that it never meets a demo already running.
  collectorPort: simulate ? 0 : Number(values['collector-port']),
  shopPort: simulate ? 0 : Number(values['shop-port']),
  clock,
  fresh: simulate && values.db === undefined,
}).catch((error) => {
  process.stderr.write(`demo: ${error.message}\n`)
  process.exit(1)
})

let stopping = false
async function stop(code = 0) {
  if (stopping) process.exit(130)
  stopping = true
  process.stdout.write('\nStopping: writing the events in flight.\n')
  await demo.close()
  process.exit(code)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())

const urls = (u) =>
  [
    `  Shop             ${u.shop}`,
    `  Reminder email   ${u.email}`,
    `  QR codes         ${u.qr}`,
    `  Dashboard        ${u.dashboard}`,
    `  Collector        ${u.collector}   (events in ${db.replace(`${ROOT}/`, '')})`,
  ].join('\n')

if (!simulate) {
  process.stdout.write(`touchtrail demo\n\n${urls(demo.urls)}\n\nShop around, then open the dashboard. Ctrl-C stops.\n`)
} else {
  const { launchChromium } = await import('./chromium.mjs')
  const { runStories } = await import('./demo/stories.mjs')
  const { createReport, formatTable, readQrManifest } = await import(join(ROOT, 'packages/collector/dist/index.js'))
  const started = Date.now()
  let browser
  try {
    browser = await launchChromium(values.chromium)
    process.stdout.write('touchtrail demo: simulating four customer journeys in headless Chromium\n\n')
    await runStories({ browser, demo, log: (line) => process.stdout.write(`  ${line}\n`) })
  } catch (error) {
    process.stderr.write(`demo: the simulation failed: ${error.message}\n`)
    await browser?.close()
    await stop(1)
  }
  await browser.close()
  const report = await createReport(demo.store, { qrManifest: await readQrManifest(demo.qrManifest) })
  process.stdout.write(`\nSimulated in ${((Date.now() - started) / 1000).toFixed(1)} s.\n\n${formatTable(report)}\n`)
  if (values['keep-open']) {
    process.stdout.write(`${urls(demo.urls)}\n\nCtrl-C stops.\n`)
  } else {
    process.stdout.write(`Browse it: pnpm demo --db ${db.replace(`${ROOT}/`, '')}\n`)
    await stop(0)
  }
}


/**
 * `pnpm bench`: touchtrail against its peers in one run — sizes, main-thread cost of 1,000
 * `track()` calls, and delivery under faults in headless Chromium. Prints the tables (with
 * touchtrail's ratio to each SDK) and writes `scripts/bench/results/latest.json`.
 *
 *   node scripts/bench/run.mjs [--reps 5] [--min-reps 3] [--only touchtrail,segment] [--concurrency 4] [--readme]
 *
 * The run stays bounded (under 10 minutes with the build, on 2 busy cores): every SDK gets
 * `--min-reps` timing repetitions, and up to `--reps` while the timing phase is within its budget
 * and the SDK's repetitions are quick (an SDK that saturates the main thread for seconds varies
 * little between runs).
 * `--readme` also rewrites the "Benchmarks" section of the root README.md with this run.
 * Expects `pnpm build` to have run (the root `bench` script does it).
 */
import { cpus, availableParallelism, totalmem, type, release } from 'node:os'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { launch } from './browser.mjs'
import { FAIL_FIRST, FAULT_EVENTS, FAULTS, timingRun } from './scenarios.mjs'
import { ROOT, SDKS, versionOf } from './sdks.mjs'
import { buildAndMeasure } from './sizes.mjs'
import { startSite } from './site.mjs'
import { median, readmeSection, replaceSection, tables } from './table.mjs'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const CALLS = 1000

const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    'min-reps': { type: 'string', default: '3' },
    'timing-budget-s': { type: 'string', default: '240' },
    only: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    readme: { type: 'boolean', default: false },
  },
})
const reps = Math.max(1, Number(args.reps))
const minReps = Math.min(reps, Math.max(1, Number(args['min-reps'])))
const timingBudgetMs = Number(args['timing-budget-s']) * 1000
/** A repetition slower than this marks an SDK as saturating: it gets `minReps` only. */
const SLOW_REP_MS = 8000
const only = args.only?.split(',')
const sdks = SDKS.filter((s) => !only || only.includes(s.id) || s.id == 'touchtrail')
const started = Date.now()
const log = (msg) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`)

if (!existsSync(`${ROOT}packages/browser/dist/touchtrail.min.js`) || !existsSync(`${ROOT}packages/core/dist/index.js`)) {
  console.error('bench: run `pnpm build` first (or `pnpm bench`, which does)')
  process.exit(1)
}

/** Run `tasks` (functions returning promises) with at most `n` at a time. */
async function pool(tasks, n) {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker))
  return results
}

log('bundling and measuring sizes')
const sizes = await buildAndMeasure(sdks)
const rows = sdks.map((s) => ({
  id: s.id,
  name: s.name,
  pkg: s.pkg,
  version: versionOf(s),
  kind: s.kind,
  note: s.note,
  size: { raw: sizes[s.id].raw, gzip: sizes[s.id].gzip, brotli: sizes[s.id].brotli },
}))
const byId = new Map(rows.map((r) => [r.id, r]))

const [browser, site] = await Promise.all([launch(), startSite(sdks)])
try {
  // Timing runs one at a time (a quiet machine), repetitions interleaved across SDKs so that
  // background noise spreads evenly; the first repetition also measures delivery of the burst.
  const timing = new Map(sdks.map((s) => [s.id, { reps: [], errors: [], ms: 0 }]))
  const timingStart = Date.now()
  for (let rep = 0; rep < reps; rep++) {
    for (const sdk of sdks) {
      const t = timing.get(sdk.id)
      const later = rep - 1 // the first repetition also waits for the burst's delivery: not a fair clock
      if (rep >= minReps && (Date.now() - timingStart > timingBudgetMs || t.ms / later > SLOW_REP_MS)) continue
      log(`main thread: ${sdk.id}, repetition ${rep + 1}`)
      const t0 = Date.now()
      try {
        t.reps.push(await timingRun(browser, site, sdk, { calls: CALLS, deliver: rep == 0 }))
      } catch (e) {
        t.errors.push(e.message)
      }
      if (rep > 0) t.ms += Date.now() - t0
    }
  }
  for (const sdk of sdks) {
    const t = timing.get(sdk.id)
    const ok = t.reps
    byId.get(sdk.id).timing = {
      reps: ok.map(({ plain, ...r }) => r),
      median: ok.length
        ? Object.fromEntries(['busyMs', 'mainMs', 'syncMs', 'longTasks', 'longTaskMs', 'blockingMs'].map((k) => [k, median(ok.map((r) => r[k]))]))
        : undefined,
      plain: ok.find((r) => r.plain)?.plain,
      error: t.errors.length ? t.errors[0] : undefined,
      errors: t.errors.length,
    }
  }

  // Delivery scenarios are not timed, so several run at once.
  const jobs = sdks.flatMap((sdk) =>
    Object.entries(FAULTS).map(([name, run]) => async () => {
      const t0 = Date.now()
      const r = await run({ browser, site, sdk })
      log(`delivery: ${sdk.id} ${name} ${r.error ? `failed: ${r.error}` : `${r.delivered}/${r.expected}`} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
      return [sdk.id, name, r]
    }),
  )
  for (const [id, name, r] of await pool(jobs, Math.max(1, Number(args.concurrency)))) (byId.get(id).faults ??= {})[name] = r

  const results = {
    date: new Date().toISOString(),
    durationMs: Date.now() - started,
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      memoryBytes: totalmem(),
      os: `${type()} ${release()}`,
    },
    node: process.version,
    chromium: browser.version(),
    calls: CALLS,
    reps: { max: reps, min: minReps },
    faultEvents: FAULT_EVENTS,
    failFirst: FAIL_FIRST,
    sdks: rows,
  }
  mkdirSync(`${HERE}results`, { recursive: true })
  writeFileSync(`${HERE}results/latest.json`, JSON.stringify(results, null, 2) + '\n')
  console.log(tables(results))
  log(`wrote scripts/bench/results/latest.json (${Math.round(results.durationMs / 1000)} s)`)
  if (args.readme) {
    const path = `${ROOT}README.md`
    writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), readmeSection(results)))
    log('updated the Benchmarks section of README.md')
  }
} finally {
  await Promise.all([browser.close(), site.close()])
}

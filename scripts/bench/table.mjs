/**
 * Turn the bench results into Markdown: sizes, main-thread cost and delivery, each with
 * touchtrail's ratio to every SDK. Pure: the same results always give the same text.
 */

/** Scenario columns of the delivery table, in order. */
export const SCENARIOS = [
  ['plain', 'plain'],
  ['offline', 'offline → reload'],
  ['tabClose', 'tab closed'],
  ['failing', 'collector fails 3×'],
  ['twoTabs', 'two tabs'],
]

/** Bytes as size-limit writes them: `B` under 1 kB, else kB (1000 B) with 2 decimals under 10 kB, 1 above. */
export function formatBytes(n) {
  if (n == null || !Number.isFinite(n)) return '–'
  if (n < 1000) return `${Math.round(n)} B`
  return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)} kB`
}

/** Milliseconds: one decimal under 10 ms, whole above. */
export function formatMs(ms) {
  if (ms == null || !Number.isFinite(ms)) return '–'
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`
}

/**
 * touchtrail's value divided by the other's, as `0.12×`: below 1, touchtrail is smaller or faster.
 * Two significant digits; `–` when either side is missing or the divisor is 0.
 */
export function ratio(ours, theirs) {
  if (ours == null || theirs == null || !Number.isFinite(ours) || !Number.isFinite(theirs) || theirs == 0) return '–'
  const r = ours / theirs
  return `${r >= 10 ? Math.round(r) : Number(r.toPrecision(2))}×`
}

/** The median of numbers (the mean of the middle two for an even count); undefined for none. */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return undefined
  const mid = v.length >> 1
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
}

/**
 * One delivery cell: `20/20`, then `+N dup.` for copies, `(return visit)` when the events arrived
 * only after the page was opened again, or the reason a scenario could not run.
 */
export function deliveryCell(r) {
  if (!r) return '–'
  if (r.error) return `✗ ${r.error}`
  let cell = `${r.delivered}/${r.expected}`
  if (r.delivered < r.expected) cell = `**${cell}**`
  if (r.duplicates) cell += ` +${r.duplicates} dup.`
  if (r.returnVisit) cell += ' (return visit)'
  return cell
}

/** How many runs the medians come from: `5`, or `3–5` when slow SDKs got fewer. */
function repsText(sdks) {
  const runs = sdks.map((s) => s.timing?.reps?.length).filter((n) => n > 0)
  if (!runs.length) return '0'
  const [min, max] = [Math.min(...runs), Math.max(...runs)]
  return min == max ? `${min}` : `${min}–${max}`
}

const row = (cells) => `| ${cells.join(' | ')} |`
const header = (cells, align) => [row(cells), row(align)].join('\n')
const escape = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The SDK's display name with its kind marked: page-view-only SDKs are compared apart. */
function label(sdk) {
  return sdk.kind == 'pageview' ? `${sdk.name} (page views only)` : sdk.name
}

/**
 * The three Markdown tables for a results object (see run.mjs for its shape). touchtrail's row is
 * the one with id `touchtrail` (the script-tag build).
 *
 * @param {{ calls: number, reps: { min: number, max: number }, sdks: any[] }} results
 */
export function tables(results) {
  const ours = results.sdks.find((s) => s.id == 'touchtrail')
  const out = []

  out.push(`#### Size — minified IIFE, one esbuild call for all`)
  out.push(header(['SDK', 'version', 'raw', 'gzip', 'brotli', 'touchtrail ÷ SDK (brotli)'], ['---', '---', '--:', '--:', '--:', '--:']))
  for (const s of results.sdks) {
    out.push(
      row([
        label(s),
        s.version,
        formatBytes(s.size?.raw),
        formatBytes(s.size?.gzip),
        formatBytes(s.size?.brotli),
        ratio(ours?.size?.brotli, s.size?.brotli),
      ]),
    )
  }

  out.push('')
  out.push(`#### Main thread — ${results.calls.toLocaleString('en-US')} \`track()\` calls, median of ${repsText(results.sdks)} fresh contexts`)
  out.push(
    header(
      ['SDK', 'busy: calls → 2 s after', 'calls + `setTimeout(0)`', 'long tasks', 'runs', 'touchtrail ÷ SDK (busy)'],
      ['---', '--:', '--:', '--:', '--:', '--:'],
    ),
  )
  for (const s of results.sdks) {
    const t = s.timing
    if (!t) continue
    if (!t.median) {
      out.push(row([label(s), `✗ ${escape(t.error ?? 'no run finished')}`, '–', '–', '0', '–']))
      continue
    }
    out.push(
      row([
        label(s),
        formatMs(t.median.busyMs),
        formatMs(t.median.mainMs),
        `${t.median.longTasks} / ${formatMs(t.median.longTaskMs)}`,
        `${t.reps.length}${t.errors ? ` (${t.errors} failed)` : ''}`,
        ratio(ours?.timing?.median?.busyMs, t.median.busyMs),
      ]),
    )
  }

  out.push('')
  out.push(`#### The same ${results.calls.toLocaleString('en-US')} calls at once — delivered, and what it cost on the wire`)
  out.push(header(['SDK', 'delivered', 'requests / event', 'bytes / event', 'touchtrail ÷ SDK (bytes / event)'], ['---', '--:', '--:', '--:', '--:']))
  for (const s of results.sdks) {
    const p = s.timing?.plain
    if (!s.timing) continue
    if (!p) {
      out.push(row([label(s), '✗ no run finished', '–', '–', '–']))
      continue
    }
    out.push(
      row([
        label(s),
        escape(deliveryCell(p)),
        p.requestsPerEvent != null ? p.requestsPerEvent.toFixed(2) : '–',
        formatBytes(p.bytesPerEvent),
        ratio(ours?.timing?.plain?.bytesPerEvent, p.bytesPerEvent),
      ]),
    )
  }

  out.push('')
  out.push(`#### Delivery — tracked events that reached the collector (distinct), copies beyond the first`)
  out.push(header(['SDK', ...SCENARIOS.map(([, title]) => title)], ['---', ...SCENARIOS.map(() => '--:')]))
  for (const s of results.sdks) {
    if (!s.faults) continue
    out.push(row([label(s), ...SCENARIOS.map(([key]) => escape(deliveryCell(s.faults[key])))]))
  }
  return out.join('\n')
}

/**
 * The README's "Benchmarks" section: when and where it ran, the versions, the three tables and
 * how each number is made.
 *
 * @param {any} results
 */
export function readmeSection(results) {
  const m = results.machine
  const gb = (m.memoryBytes / 1024 ** 3).toFixed(1)
  const peers = results.sdks
    .filter((s) => !s.id.startsWith('touchtrail'))
    .map((s) => `${s.name} \`${s.pkg}@${s.version}\``)
    .join(', ')
  return [
    '## Benchmarks',
    '',
    `\`pnpm bench\` on ${results.date.slice(0, 10)}: ${m.nproc} cores (${m.cpu}), ${gb} GB memory, ${m.os}; Node ${results.node}; Chromium ${results.chromium} (headless); ${Math.round(results.durationMs / 1000)} s in all. ` +
      `Peers: ${peers}. Raw results: [\`scripts/bench/results/latest.json\`](scripts/bench/results/latest.json).`,
    '',
    tables(results),
    '',
    'How each number is made ([`scripts/bench`](scripts/bench)):',
    '',
    "- **Size**: every SDK's entry in `scripts/bench/entries/` does init, a page view and `track()`, and is bundled by one esbuild call (minified IIFE, browser, no legal comments; dynamic imports inlined, so code a peer lazy-loads counts). touchtrail is its script-tag build `packages/browser/dist/touchtrail.min.js` as shipped; `@touchtrail/core` is bundled like the peers. gzip level 9, brotli quality 11.",
    `- **Main thread**: in a fresh context, once the SDK's page view reached the collector, ${results.calls.toLocaleString('en-US')} \`track('bench_event', { n, sku, name, price, currency, quantity })\` calls in one task. **Busy** is all the renderer main thread's task time from the first call until 2 s after the calls (Chromium's \`TaskDuration\` metric, the sum of a trace's top-level tasks), so work an SDK defers or splits into small tasks counts; when an SDK saturates the thread the 2 s stretch with it. **Calls + \`setTimeout(0)\`** is the calls plus the work they schedule before the next zero-delay timer. Long tasks are \`PerformanceObserver('longtask')\` entries in the busy window (count / total). Median of the runs; up to ${results.reps.max} runs, at least ${results.reps.min}: an SDK whose runs take over 8 s, or any once the timing phase used its budget, gets the minimum. **At once**: from the first run, waiting until every call arrived or the collector heard nothing for 8 s (at most 45 s); requests include CORS preflights and the page view's, bytes are bodies as sent plus URLs, per delivered event.`,
    `- **Delivery**: ${results.faultEvents} tracked events (per tab), every SDK with its shipped batching and retry defaults, each scenario in a fresh context with its own collector. *Offline → reload*: the browser goes offline and the collector unreachable, the calls are made, the page reloads while offline, then both come back and the page is opened in a new tab. *Tab closed*: the tab is closed (unload handlers run) right after the calls. *Collector fails 3×*: the first ${results.failFirst} requests that carry events get 503. *Two tabs*: two tabs of one profile track at once. Waits are bounded (10–20 s); a scenario still incomplete then gets one **return visit** (the page opened again in the same profile). Bold marks a loss.`,
    '- **Configuration**: every SDK sends only to the local collector, with autocapture, remote config and session recording off. ' +
      results.sdks.map((s) => `${s.name}: ${s.note}`).join('; ') +
      '.',
    '',
  ].join('\n')
}

/**
 * Replace the README's "## Benchmarks" section (up to the next `## ` heading), or append it.
 *
 * @param {string} readme
 * @param {string} section
 */
export function replaceSection(readme, section) {
  const start = readme.search(/^## Benchmarks$/m)
  if (start < 0) return `${readme.replace(/\n*$/, '\n\n')}${section}`
  const rest = readme.slice(start + 1)
  const next = rest.search(/^## /m)
  const end = next < 0 ? readme.length : start + 1 + next
  return `${readme.slice(0, start)}${section}${next < 0 ? '' : '\n'}${readme.slice(end)}`
}

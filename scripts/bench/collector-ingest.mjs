// Sustained ingest into @touchtrail/collector over loopback: batches of 50 events, several clients at once,
// into DuckDB and into PostgreSQL. Prints events per second and request latency (p50, p99, max), then checks
// that every acknowledged event is in the database.
//
//   pnpm --filter @touchtrail/collector build && node scripts/bench/collector-ingest.mjs
//   options: --seconds 12 (measured, per store and client count)  --concurrency 16 (or a list: 16,32,64)
//            --only duckdb|postgres
//   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes flags to the collector's node (to profile it)
//
// The collector runs as its own process (the real `touchtrail-collector serve`), so the load generator does not
// share its event loop; it does share the cores, so it sends prepared bytes with a fresh UUID written into them and
// prints its own CPU per event next to the collector's. PostgreSQL is a throwaway server with fsync on, as in
// production. The whole run ends by itself: a deadline stops everything if anything hangs.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('../../packages/collector/', import.meta.url))
const cli = join(root, 'dist/cli.js')
if (!existsSync(cli)) {
  console.error('collector-ingest: packages/collector/dist is missing; run pnpm --filter @touchtrail/collector build first')
  process.exit(1)
}
const { createStore } = await import(join(root, 'dist/index.js'))
const { startPostgres } = await import(join(root, 'scripts/throwaway-postgres.mjs'))

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string' },
  },
})
const MEASURE_MS = Number(values.seconds) * 1000
const WARMUP_MS = 2000
const CLIENT_COUNTS = values.concurrency.split(',').map(Number)
const BATCH = 50
const STORES = values.only ? 1 : 2
// Each run takes its warm-up, its measured seconds and a few seconds to start and check; more than that is a hang.
const DEADLINE_MS = 20_000 + STORES * CLIENT_COUNTS.length * (WARMUP_MS + MEASURE_MS + 10_000)

const children = new Set()
const deadline = setTimeout(() => {
  console.error(`collector-ingest: still running after ${DEADLINE_MS / 1000} s; stopping`)
  for (const child of children) child.kill('SIGKILL')
  process.exit(1)
}, DEADLINE_MS)
deadline.unref()

/** One batch body as text, with `@ID@` where each event's unique prefix goes. */
function batchTemplate() {
  const now = new Date().toISOString()
  const context = (i) => ({
    library: { name: 'touchtrail', version: '0.1.0' },
    page: {
      url: `https://shop.example/p/runner-${i}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`,
      path: `/p/runner-${i}`,
      search: '?utm_source=newsletter&utm_medium=email&utm_campaign=spring',
      title: `Runner ${i} – Shop`,
      referrer: 'https://mail.example/',
    },
    campaign: { source: 'newsletter', medium: 'email', name: 'spring' },
    touchpoint: { channel: 'Email', referrerCategory: 'email', contact: 'digital', mode: 'direct' },
    sessionId: 1763881200000,
    site: 'shop-1',
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
    screen: { width: 1280, height: 800 },
    consent: 'granted',
  })
  const events = Array.from({ length: BATCH }, (_, i) =>
    i % 3 === 0
      ? { type: 'page', name: 'Product page', messageId: `@ID@-${i}`, anonymousId: `anon-${i % 7}`, timestamp: now, properties: {}, context: context(i) }
      : {
          type: 'track',
          event: i % 3 === 1 ? 'view_item' : 'add_to_cart',
          messageId: `@ID@-${i}`,
          anonymousId: `anon-${i % 7}`,
          timestamp: now,
          properties: { currency: 'EUR', value: 59.9, items: [{ item_id: `runner-${i}`, item_name: `Runner ${i}`, price: 59.9, quantity: 1 }] },
          context: context(i),
        },
  )
  return JSON.stringify({ batch: events, sentAt: now })
}

/**
 * The batch as UTF-8 bytes with a slot for a UUID at each `@ID@`, so that a request costs the load generator a copy
 * and 50 short writes, not the encoding of 44 KB of text: the machine's two cores are shared with the collector,
 * and what the load generator spends is taken from it. The bytes sent are those of `template.replaceAll('@ID@',
 * randomUUID())`, a fresh UUID per request.
 */
function bodyFactory(template) {
  const slot = randomUUID().replace(/./g, 'x')
  const bytes = Buffer.from(template.replaceAll('@ID@', slot))
  const offsets = []
  for (let at = bytes.indexOf(slot); at !== -1; at = bytes.indexOf(slot, at + slot.length)) offsets.push(at)
  if (offsets.length !== BATCH) throw new Error(`expected ${BATCH} id slots in the template, found ${offsets.length}`)
  return () => {
    const body = Buffer.allocUnsafe(bytes.length)
    bytes.copy(body)
    const id = randomUUID()
    for (const at of offsets) body.latin1Write(id, at)
    return body
  }
}

async function startCollector(db) {
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []
  const child = spawn(process.execPath, [...flags, cli, 'serve', '--port', '0', '--db', db, '--rate-limit', '0', '--log-level', 'error'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.add(child)
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(output)
    if (match) return { child, url: match[1] }
    if (child.exitCode !== null) throw new Error(`collector exited: ${output}`)
    await once(child.stdout, 'data')
  }
}

function postBatch(agent, url, body) {
  return new Promise((resolve, reject) => {
    const { hostname, port } = url
    const headers = { 'content-type': 'text/plain;charset=UTF-8', 'content-length': body.length }
    const req = request({ method: 'POST', hostname, port, path: '/collect', agent, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`))))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Sends batches from `clients` clients at once until `untilMs`; returns latencies (ms) and events accepted. */
async function load(base, nextBody, untilMs, clients) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  const url = new URL(base)
  const latencies = []
  let accepted = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < untilMs) {
        const body = nextBody()
        const start = performance.now()
        const answer = await postBatch(agent, url, body)
        latencies.push(performance.now() - start)
        if (answer.accepted !== BATCH) throw new Error(`expected ${BATCH} accepted, got ${JSON.stringify(answer)}`)
        accepted += answer.accepted
      }
    }),
  )
  agent.destroy()
  return { latencies, accepted }
}

/**
 * CPU seconds (user + system) from /proc, NaN where there is none: of all the process's threads, or with
 * `mainThread` of its JavaScript thread only (its thread id is the process id), which bounds the throughput.
 */
function cpuSeconds(pid, mainThread = false) {
  try {
    const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime, fields 14 and 15 of stat, in clock ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]

async function bench(kind, db, clients) {
  const { child, url } = await startCollector(db)
  const nextBody = bodyFactory(batchTemplate())
  const warm = await load(url, nextBody, performance.now() + WARMUP_MS, clients)
  const cpuBefore = cpuSeconds(child.pid)
  const mainBefore = cpuSeconds(child.pid, true)
  const ownBefore = process.cpuUsage()
  const started = performance.now()
  const measured = await load(url, nextBody, started + MEASURE_MS, clients)
  const seconds = (performance.now() - started) / 1000
  const own = process.cpuUsage(ownBefore)
  const cpuUsed = cpuSeconds(child.pid) - cpuBefore
  const mainUsed = cpuSeconds(child.pid, true) - mainBefore
  child.kill('SIGTERM')
  await once(child, 'exit')
  children.delete(child)
  const store = await createStore(db)
  const [{ n }] = await store.query('SELECT count(*) AS n FROM events')
  await store.close()
  const sorted = measured.latencies.sort((a, b) => a - b)
  return {
    store: kind,
    clients,
    'events/s': Math.round(measured.accepted / seconds),
    'requests/s': Math.round(sorted.length / seconds),
    'p50 ms': +percentile(sorted, 50).toFixed(1),
    'p99 ms': +percentile(sorted, 99).toFixed(1),
    'max ms': +sorted[sorted.length - 1].toFixed(1),
    // What the collector itself spends per event, whatever else runs on the machine: the load-independent figure.
    'collector CPU µs/event': Number.isNaN(cpuUsed) ? 'n/a' : Math.round((cpuUsed * 1e6) / measured.accepted),
    'of it JS thread': Number.isNaN(mainUsed) ? 'n/a' : Math.round((mainUsed * 1e6) / measured.accepted),
    // The load generator shares the cores: what it spends is not available to the collector.
    'load generator CPU µs/event': Math.round((own.user + own.system) / measured.accepted),
    'stored = acknowledged': n === warm.accepted + measured.accepted ? `yes (${n})` : `NO: ${n} stored, ${warm.accepted + measured.accepted} acknowledged`,
  }
}

const dir = mkdtempSync(join(tmpdir(), 'touchtrail-bench-'))
const results = []
let postgres
try {
  console.log(
    `collector ingest: batches of ${BATCH} events, ${CLIENT_COUNTS.join(' / ')} concurrent clients over loopback, ` +
      `${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s warm-up, ${cpus().length} cores, Node ${process.version}`,
  )
  for (const clients of CLIENT_COUNTS) {
    if (values.only !== 'postgres') results.push(await bench('duckdb', join(dir, `bench-${clients}.duckdb`), clients))
  }
  if (values.only !== 'duckdb') {
    postgres = await startPostgres({ durable: true })
    for (const clients of CLIENT_COUNTS) results.push(await bench('postgres', await postgres.createDatabase(), clients))
  }
  console.table(results)
  const [load1] = loadavg()
  if (load1 > cpus().length) {
    console.log(`note: load average ${load1.toFixed(1)} on ${cpus().length} cores: other processes shared the CPU, so events/s is low`)
  }
} finally {
  await postgres?.stop()
  rmSync(dir, { recursive: true, force: true })
}
if (results.some((r) => !r['stored = acknowledged'].startsWith('yes'))) process.exitCode = 1

// @vitest-environment node
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { beforeAll, describe, expect, test } from 'vitest'
import { createStore } from './store/index.js'
import { batchOf, pageEvent } from './test/events.js'
import { post } from './test/http.js'
import { countEvents, DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from './test/stores.js'

// The real bin, built from the current source into the package's node_modules (so that its dependencies
// resolve exactly as they do for dist/cli.js), then run as its own process to receive real signals. The ingest
// worker is built next to it, as in dist, so these tests run batches through the worker thread.
const outdir = fileURLToPath(new URL('../node_modules/.cache/touchtrail-collector-test/', import.meta.url))
const bin = `${outdir}cli.mjs`
beforeAll(async () => {
  const entryPoints = ['./cli.ts', './ingest-worker.ts'].map((entry) => fileURLToPath(new URL(entry, import.meta.url)))
  await build({ entryPoints, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outdir, outExtension: { '.js': '.mjs' }, logLevel: 'silent' })
}, DB_TIMEOUT_MS)

const databases = useDatabases()

/** Starts `touchtrail-collector serve` as a child process and resolves once it listens. */
async function serve(db: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db, '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(output)
    if (match) return { child, url: match[1], output: () => output }
    if (child.exitCode !== null) throw new Error(`serve exited early: ${output}`)
    await once(child.stdout!, 'data')
  }
}

/** Batch `i` of 50 events, each id naming its batch so that a batch can be counted on its own afterwards. */
const batchBody = (run: string, i: number) =>
  Buffer.from(JSON.stringify(batchOf(Array.from({ length: 50 }, (_, j) => pageEvent({ messageId: `${run}:${i}:${j}` })))))

/** Posts `count` batches, `concurrency` at a time, and records which ones were acknowledged with 200. */
async function send(url: string, run: string, count: number, concurrency: number, onAck: (acked: number) => void) {
  const acked: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        // Refused connections and 503s once the collector stops are expected: those batches are simply not acked.
        const answer = await post(`${url}/collect`, batchBody(run, i), { 'content-type': 'text/plain' }).catch(() => undefined)
        if (answer?.status === 200) {
          expect(JSON.parse(answer.body).accepted).toBe(50)
          acked.push(i)
          onAck(acked.length)
        } else if (answer === undefined || answer.status === 503) {
          return
        } else {
          throw new Error(`unexpected answer ${answer.status}: ${answer.body}`)
        }
      }
    }),
  )
  return acked
}

/** How many events each batch of the run has in the database. */
async function perBatch(db: string, run: string, count: number): Promise<number[]> {
  const store = await createStore(db)
  try {
    const rows = await store.query(
      "SELECT split_part(message_id, ':', 2) AS batch, count(*) AS n FROM events WHERE message_id LIKE $1 GROUP BY 1",
      [`${run}:%`],
    )
    const counts = Array(count).fill(0)
    for (const row of rows) counts[Number(row.batch)] = Number(row.n)
    return counts
  } finally {
    await store.close()
  }
}

describe.each(STORE_KINDS)('touchtrail-collector process on %s', (kind) => {
  test('answers /healthz, and on SIGTERM writes every acknowledged batch and exits 0', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = await databases.dbUrl(kind)
    const { child, url, output } = await serve(db)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    const exited = once(child, 'exit')
    const acked = await send(url, 'term', 60, 8, (n) => {
      if (n === 10) child.kill('SIGTERM')
    })
    const [code] = await exited
    expect(code).toBe(0)
    expect(output()).toContain('touchtrail-collector: stopped')
    expect(acked.length).toBeGreaterThanOrEqual(10)
    const counts = await perBatch(db, 'term', 60)
    for (const i of acked) expect(counts[i]).toBe(50)
    for (const n of counts) expect([0, 50]).toContain(n)
  })

  test('killed mid-ingest, it never leaves a batch half-written', { timeout: DB_TIMEOUT_MS }, async () => {
    const db = await databases.dbUrl(kind)
    const { child, url } = await serve(db)
    const exited = once(child, 'exit')
    const acked = await send(url, 'kill', 400, 8, (n) => {
      if (n === 40) child.kill('SIGKILL')
    })
    await exited
    const counts = await perBatch(db, 'kill', 400)
    for (const i of acked) expect(counts[i]).toBe(50)
    // Every batch is all there or not there at all: none of the batches cut off by the kill is partly stored.
    expect(counts.filter((n) => n !== 0 && n !== 50)).toEqual([])
    expect(counts.filter((n) => n === 50).length).toBeGreaterThanOrEqual(acked.length)
  })
})

/**
 * The bench collector: one loopback server per run that answers every SDK's endpoints the way
 * its vendor's API does (enough for the SDK to count a delivery as done), records every request,
 * decodes the events each carries, and can fail the first requests with 503.
 */
import { createServer } from 'node:http'
import { decode } from './decode.mjs'

/** PostHog's `/flags` answer with nothing turned on (asked for only when flags are enabled). */
const POSTHOG_FLAGS = JSON.stringify({
  featureFlags: {},
  featureFlagPayloads: {},
  errorsWhileComputingFlags: false,
  sessionRecording: false,
  surveys: false,
  heatmaps: false,
  autocaptureExceptions: false,
  capturePerformance: false,
  autocapture_opt_out: true,
  supportedCompression: ['gzip', 'gzip-js'],
  config: { enable_collect_everything: false },
  toolbarParams: {},
  siteApps: [],
})

/**
 * What the vendor's API answers a successful request with. Amplitude reads success from the
 * body's `code` (anything else and it resends); Mixpanel's `verbose=1` expects `{ status: 1 }`.
 */
function success(family, path, events) {
  if (family == 'amplitude') return { status: 200, body: JSON.stringify({ code: 200, events_ingested: events, server_upload_time: Date.now() }) }
  if (family == 'posthog' && /\/(flags|decide)\b/.test(path)) return { status: 200, body: POSTHOG_FLAGS }
  if (family == 'posthog') return { status: 200, body: JSON.stringify({ status: 1 }) }
  if (family == 'mixpanel') return { status: 200, body: /verbose=1/.test(path) ? JSON.stringify({ status: 1, error: null }) : '1' }
  if (family == 'plausible') return { status: 202, body: 'ok' }
  if (family == 'snowplow') return { status: 200, body: 'ok' }
  if (family == 'touchtrail') return { status: 200, body: JSON.stringify({ accepted: events, duplicates: 0, rejected: [] }) }
  return { status: 200, body: JSON.stringify({ success: true }) }
}

/**
 * @typedef {object} SinkRequest
 * @property {string} method
 * @property {string} path
 * @property {number} bytes body bytes as sent (compressed when the SDK compresses)
 * @property {number} urlBytes
 * @property {number} status what the sink answered
 * @property {number} at epoch ms
 * @property {import('./decode.mjs').Decoded[]} events decoded events the request carried
 */

/**
 * Start a collector for one SDK family on 127.0.0.1.
 *
 * @param {string} family decoder family (`touchtrail`, `segment`, `amplitude`, …)
 * @param {{ failFirst?: number }} [options] answer 503 to the first `failFirst` requests that carry events
 * @default options.failFirst 0
 */
export async function startSink(family, { failFirst = 0 } = {}) {
  /** @type {SinkRequest[]} */
  const requests = []
  let failuresLeft = failFirst
  let offline = false
  const server = createServer((req, res) => {
    if (offline) {
      // Unreachable: what a beacon sent while the device is offline meets.
      requests.push({ method: req.method, path: req.url, bytes: 0, urlBytes: req.url.length, status: 0, at: Date.now(), events: [] })
      return req.socket.destroy()
    }
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const events = req.method == 'OPTIONS' ? [] : decode(family, { method: req.method, url: req.url, headers: req.headers, body })
      const cors = {
        'Access-Control-Allow-Origin': req.headers.origin || '*',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Content-Type',
        'Access-Control-Expose-Headers': 'Retry-After',
      }
      let answer
      if (req.method == 'OPTIONS') answer = { status: 204, body: '' }
      else if (events.length && failuresLeft > 0) {
        failuresLeft--
        answer = { status: 503, body: JSON.stringify({ code: 503, error: 'bench: failing on purpose' }) }
      } else answer = success(family, req.url, events.length)
      requests.push({ method: req.method, path: req.url, bytes: body.length, urlBytes: req.url.length, status: answer.status, at: Date.now(), events })
      res.writeHead(answer.status, { ...cors, 'Content-Type': answer.body.startsWith('{') ? 'application/json' : 'text/plain' })
      res.end(answer.body)
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const port = server.address().port
  const sink = {
    family,
    port,
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    /** Decoded events of every request answered 2xx, copies included. */
    events: () => requests.filter((r) => r.status < 300).flatMap((r) => r.events),
    /**
     * Make the collector unreachable (connections reset) or reachable again. Used with
     * `context.setOffline()`, whose emulation does not hold back keepalive requests and beacons
     * that outlive their page.
     */
    setOffline(value) {
      offline = value
    },
    /** Epoch ms of the last request, or 0. */
    lastAt: () => requests.at(-1)?.at ?? 0,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.()
        server.close(() => r())
      }),
  }
  return sink
}

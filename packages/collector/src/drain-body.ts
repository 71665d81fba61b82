import type { IncomingMessage } from 'node:http'

/** Bounds of {@link drainBody}. */
export interface DrainLimits {
  /** Read at most this many bytes more. */
  maxBytes: number
  /** Wait at most this long for the client to finish. */
  timeoutMs: number
}

/**
 * Reads and discards what is left of a request body, so that an answer sent before the body was read (413 for a
 * body over the limit) reaches the client. Answered with `Connection: close` while the client still sends, the
 * socket closes under the upload: the client's next write fails (EPIPE), and fetch or a browser reports that
 * instead of the status, so a queue that splits its batches on 413 never learns to. Resolves once the body has
 * ended, or at either bound: a client sending more, or more slowly, than any SDK does gets the closed connection.
 *
 * @example
 * await drainBody(request.raw, { maxBytes: 64 * 1024 * 1024, timeoutMs: 30_000 })
 */
export function drainBody(body: IncomingMessage, limits: DrainLimits): Promise<void> {
  if (body.complete || body.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    let bytes = 0
    const count = (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes > limits.maxBytes) done()
    }
    const timer = setTimeout(() => done(), limits.timeoutMs)
    const done = () => {
      clearTimeout(timer)
      body.off('data', count).off('end', done).off('close', done).off('error', done)
      body.pause()
      resolve()
    }
    body.on('data', count).once('end', done).once('close', done).once('error', done)
    // A gzip body is piped into the gunzip stream: nothing is to be decompressed any more.
    body.unpipe()
    body.resume()
  })
}

// @vitest-environment node
import type { IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { drainBody } from './drain-body.js'

const LIMITS = { maxBytes: 1000, timeoutMs: 30_000 }

/** A request body still arriving, and how many bytes of it were read. */
function upload() {
  const body = new PassThrough()
  let read = 0
  body.on('data', (chunk: Buffer) => (read += chunk.length))
  body.pause()
  return { body, request: body as unknown as IncomingMessage, read: () => read }
}

afterEach(() => vi.useRealTimers())

describe('drainBody', () => {
  test('reads the rest of the body and resolves when it ends', async () => {
    const { body, request, read } = upload()
    const drained = drainBody(request, LIMITS)
    body.write(Buffer.alloc(600))
    body.end(Buffer.alloc(300))
    await drained
    expect(read()).toBe(900)
  })

  test('stops reading past maxBytes, leaving the rest to the closed connection', async () => {
    const { body, request } = upload()
    const drained = drainBody(request, LIMITS)
    body.write(Buffer.alloc(800))
    body.write(Buffer.alloc(800))
    await drained
    expect(body.isPaused()).toBe(true)
  })

  test('stops waiting for a client that sends too slowly', async () => {
    vi.useFakeTimers()
    const { body, request } = upload()
    const drained = drainBody(request, LIMITS)
    body.write(Buffer.alloc(10))
    await vi.advanceTimersByTimeAsync(LIMITS.timeoutMs)
    await drained
    expect(body.isPaused()).toBe(true)
  })
})

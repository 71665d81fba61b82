import { connect } from 'node:net'

/** What {@link post} got back. */
export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** Bytes per write of {@link post}. */
const CHUNK_BYTES = 64 * 1024

/**
 * POSTs raw bytes over a real TCP socket, for what `inject` cannot show: bodies too large to send whole, chunked
 * uploads, and gzip on the wire. Strict, as fetch and browsers are: the body goes in 64 KB writes, each awaited,
 * and a broken upload fails the request even when an answer is on its way. A server that answers 413 and closes
 * while the client still sends breaks the upload (EPIPE), and such a client never sees the status. Written on
 * `net` so that the test decides what counts as a failure.
 *
 * `transfer-encoding: chunked` in `headers` sends the body in chunks without Content-Length.
 */
export async function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url)
  const chunked = headers['transfer-encoding'] === 'chunked'
  const lines = [`POST ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  if (!chunked) lines.push(`Content-Length: ${body.length}`)

  const socket = connect(Number(port), hostname)
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    let received = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])))
    socket.on('error', reject)
    // The request says Connection: close, so the server closes once it has answered.
    socket.on('close', () => {
      const complete = parseAnswer(received)
      if (complete) resolve(complete)
      else reject(new Error(`connection closed without a complete answer: ${received.toString('utf8', 0, 200)}`))
    })
  })
  // A broken upload rejects both; the failed write below reports it.
  answer.catch(() => {})
  const write = (bytes: string | Buffer) => new Promise<void>((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())))
  try {
    await write(`${lines.join('\r\n')}\r\n\r\n`)
    for (let offset = 0; offset < body.length; offset += CHUNK_BYTES) {
      const chunk = body.subarray(offset, offset + CHUNK_BYTES)
      await write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk)
    }
    if (chunked) await write('0\r\n\r\n')
    return await answer
  } finally {
    socket.destroy()
  }
}

/** The answer once status line, headers and a Content-Length body have all arrived; else undefined. */
function parseAnswer(bytes: Buffer): RawAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine, ...headerLines] = bytes.toString('latin1', 0, end).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? 0)
  if (bytes.length < end + 4 + length) return undefined
  return { status: Number(statusLine.split(' ')[1]), headers, body: bytes.toString('utf8', end + 4, end + 4 + length) }
}

import { connect } from 'node:net'

/** What {@link post} got back. */
export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * POSTs raw bytes over a real TCP socket, for what `inject` cannot show: bodies too large to send whole, chunked
 * uploads, and gzip on the wire. Written on `net` rather than `http.request` because a server may answer 413 and
 * close while the upload is still going; the broken pipe that follows is expected, and only a raw socket lets the
 * test tell it apart from a real failure (no complete answer).
 *
 * `transfer-encoding: chunked` in `headers` sends the body in chunks without Content-Length.
 */
export function post(url: string, body: Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url)
  const chunked = headers['transfer-encoding'] === 'chunked'
  const lines = [`POST ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  if (!chunked) lines.push(`Content-Length: ${body.length}`)

  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let received = Buffer.alloc(0)
    let settled = false
    const settle = (error?: Error) => {
      if (settled) return
      const answer = parseAnswer(received)
      if (!answer && !error) return
      settled = true
      socket.destroy()
      if (answer) resolve(answer)
      else reject(error)
    }
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      settle()
    })
    socket.on('error', (error) => settle(error))
    socket.on('close', () => settle(new Error(`connection closed without a complete answer: ${received.toString('utf8', 0, 200)}`)))
    socket.write(`${lines.join('\r\n')}\r\n\r\n`)
    if (!chunked) {
      socket.write(body)
      return
    }
    for (let offset = 0; offset < body.length; offset += 64 * 1024) {
      const chunk = body.subarray(offset, offset + 64 * 1024)
      socket.write(`${chunk.length.toString(16)}\r\n`)
      socket.write(chunk)
      socket.write('\r\n')
    }
    socket.write('0\r\n\r\n')
  })
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

import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { httpError } from './http-error.js'

const ACCEPTED_TYPE = /^(text\/plain|application\/json)\s*(;|$)/i

type Payload = NodeJS.ReadableStream & { receivedEncodedLength?: number }

/**
 * The `preParsing` hook of `POST /collect`: refuses content types other than JSON and text (415), and gunzips a
 * `Content-Encoding: gzip` body on the fly.
 *
 * fastify then applies the body limit to the decompressed bytes, so a small gzip bomb gets 413 like a large
 * body; `receivedEncodedLength` tells fastify the compressed size, which it checks against Content-Length.
 */
export async function decodeBody(request: FastifyRequest, _reply: FastifyReply, payload: Payload): Promise<Payload> {
  const type = request.headers['content-type']
  if (type && !ACCEPTED_TYPE.test(type)) {
    throw httpError(415, `Content-Type ${type} is not accepted; send text/plain or application/json`)
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase()
  if (encoding === 'identity' || encoding === '') return payload
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw httpError(415, `Content-Encoding ${encoding} is not accepted; send gzip or no encoding`)
  }
  const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 })
  payload.on('data', (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length
  })
  // pipeline destroys the gunzip stream with the error when the upload breaks off, and fastify answers it.
  pipeline(payload, gunzip, () => {})
  return gunzip
}

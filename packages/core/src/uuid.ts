/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts, and shops still serve
 * pages over plain http, so build it from `getRandomValues`, which works everywhere.
 */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 15) | 64
  b[8] = (b[8] & 63) | 128
  let s = ''
  for (let i = 0; i < 16; i++) s += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1)
  return s
}

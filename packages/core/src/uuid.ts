/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts, and shops still serve
 * pages over plain http, so build it from `getRandomValues`, which works everywhere: a random hex
 * digit for each `x`, and the variant's two bits (10) for the `y`.
 */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(31))
  let i = 0
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => ((b[i++] & (c == 'x' ? 15 : 3)) | (c == 'x' ? 0 : 8)).toString(16))
}

type Layer = unknown[] & { push(...entries: unknown[]): number }

/**
 * Call `on` with every entry of the data layer `name` (created when missing, as GTM does): the
 * entries pushed before, in order, then each one as it is pushed. `push` is wrapped, not replaced:
 * GTM wraps it too, and whichever wrapper came first stays in the chain. `on` must not throw.
 * Shared by the consent-mode bridge and `@touchtrail/cart`, so a page pays for one wrapper.
 * A name holding something other than an array is not listened to. Returns the teardown.
 */
export function listenDataLayer(name: string, on: (entry: unknown) => void): () => void {
  const w = window as unknown as Record<string, Layer>
  const layer = (w[name] ||= [] as unknown as Layer)
  // A page's own object under this name (a W3C CEDDL data layer, say) is no GA4 data layer: left alone.
  if (!Array.isArray(layer)) return () => {}
  const push = layer.push
  layer.forEach(on)
  const wrapped = function (this: unknown, ...entries: unknown[]) {
    const result = push.apply(this, entries)
    entries.forEach(on)
    return result
  }
  layer.push = wrapped
  return () => {
    // Unwrap only if nobody wrapped ours since; otherwise ours stays in the chain.
    if (layer.push === wrapped) layer.push = push
  }
}

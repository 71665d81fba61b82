type Layer = unknown[] & { push(...entries: unknown[]): number }

/**
 * The GA4 ecommerce event in one data layer entry, as `[event name, parameters]`: GTM's
 * `{ event: 'add_to_cart', ecommerce: { items, value, currency } }` objects, and gtag's
 * `gtag('event', 'add_to_cart', { items, … })` calls (gtag pushes its `arguments` object) when they
 * carry items. `{ ecommerce: null }` only clears GTM's own model
 * (https://developers.google.com/analytics/devguides/collection/ga4/ecommerce?client_type=gtm#clear_the_ecommerce_object):
 * only an event's own `ecommerce` is read, so it is no event and never empties the cart.
 */
export function ecommerceOf(entry: any): [event: string, params: Record<string, unknown>] | undefined {
  const params = entry?.[0] == 'event' ? entry[2]?.items && entry[2] : entry?.ecommerce
  const name = entry?.[1] ?? entry?.event
  // An ecommerce object pushed without its event (GTM would merge it into a later one) is no event.
  if (params instanceof Object && name) return [name, params]
}

/**
 * Call `on` with every entry of the data layer `name` (created when missing, as GTM does): the
 * entries pushed before, in order, then each one as it is pushed. `push` is wrapped, not replaced:
 * GTM wraps it too, and whichever wrapper came first stays in the chain. `on` must not throw.
 * Returns the teardown.
 */
export function listenDataLayer(name: string, on: (entry: unknown) => void): () => void {
  const w = window as unknown as Record<string, Layer>
  const layer = (w[name] ||= [] as unknown as Layer)
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

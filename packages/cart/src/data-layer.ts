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

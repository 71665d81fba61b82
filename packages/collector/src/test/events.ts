import { randomUUID } from 'node:crypto'

/** A user agent of a real iPhone Safari, to see enrichment at work. */
export const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'

/** A page event as the browser SDK sends it (DESIGN.md), with a fresh `messageId` unless one is given. */
export function pageEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'page',
    name: 'Product page',
    properties: { category: 'shoes' },
    messageId: randomUUID(),
    anonymousId: 'anon-1',
    timestamp: new Date().toISOString(),
    context: {
      library: { name: 'touchtrail', version: '0.1.0' },
      page: {
        url: 'https://shop.example/p/run-1?utm_source=newsletter&utm_medium=email',
        path: '/p/run-1',
        search: '?utm_source=newsletter&utm_medium=email',
        title: 'Runner 1',
        referrer: 'https://mail.example/',
      },
      campaign: { source: 'newsletter', medium: 'email', name: 'spring', term: 'running', content: 'hero' },
      touchpoint: { channel: 'Email', referrerCategory: 'email', contact: 'digital', mode: 'direct' },
      sessionId: 1763881200000,
      sessionStart: true,
      site: 'shop-1',
      locale: 'de-DE',
      timezone: 'Europe/Berlin',
      screen: { width: 1280, height: 800 },
      consent: 'granted',
    },
    ...overrides,
  }
}

/** A track event (`add_to_cart` unless named). */
export function trackEvent(event = 'add_to_cart', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const page = pageEvent()
  delete page.name
  return { ...page, type: 'track', event, properties: { value: 59.9, currency: 'EUR', items: [{ item_id: 'run-1' }] }, ...overrides }
}

/** A batch body as the SDK sends it. */
export function batchOf(events: unknown[], sentAt: string | undefined = new Date().toISOString()): { batch: unknown[]; sentAt?: string } {
  return sentAt === undefined ? { batch: events } : { batch: events, sentAt }
}

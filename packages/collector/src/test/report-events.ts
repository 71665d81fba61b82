import type { ReportEvent } from '../report/event.js'

/** Epoch ms of 2026-10-05T00:00:00Z, a Monday: day 0 of the report fixtures. */
export const T0 = Date.parse('2026-10-05T00:00:00.000Z')
export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

let n = 0

/** What {@link visit} needs to know of a session's touch. */
export interface VisitTouch {
  campaign?: ReportEvent['campaign']
  touchpoint?: ReportEvent['touchpoint']
  referrer?: string
}

/**
 * The events of one browser session as the SDK would store them: every event carries the session's touch and id.
 * `steps` are `[minutes after start, name, properties?, path?]`; `page` steps are page views.
 */
export function visit(
  anonymousId: string,
  start: number,
  touch: VisitTouch,
  steps: [minutes: number, name: string, properties?: Record<string, unknown>, path?: string][],
  extra: Partial<ReportEvent> = {},
): ReportEvent[] {
  let path = '/'
  return steps.map(([minutes, name, properties = {}, stepPath]) => {
    if (stepPath) path = stepPath
    return {
      id: `m-${++n}`,
      type: name === 'page' ? 'page' : name === 'identify' ? 'identify' : 'track',
      name,
      at: start + minutes * MINUTE,
      anonymousId,
      sessionId: start,
      site: 'demo-shop',
      url: `https://shop.example${path}`,
      path,
      referrer: touch.referrer,
      campaign: touch.campaign ?? { source: '(direct)', medium: '(none)' },
      touchpoint: touch.touchpoint ?? { channel: 'Direct', referrerCategory: 'direct' },
      properties,
      ...extra,
    }
  })
}

export const EMAIL: VisitTouch = {
  campaign: { source: 'newsletter', medium: 'email', name: 'cart-reminder' },
  touchpoint: { channel: 'Email', referrerCategory: 'email' },
}
export const PAID_SOCIAL: VisitTouch = {
  campaign: { source: 'instagram', medium: 'paid_social', name: 'autumn-denim' },
  touchpoint: { channel: 'Paid Social', referrerCategory: 'social' },
}
export const ORGANIC_SEARCH: VisitTouch = {
  campaign: { source: 'google', medium: 'organic' },
  touchpoint: { channel: 'Organic Search', referrerCategory: 'search' },
  referrer: 'https://www.google.com/',
}
export const DIRECT: VisitTouch = {}
export const qrTouch = (code: string): VisitTouch => ({
  campaign: { medium: 'qr', name: 'trade-fair-2026' },
  touchpoint: { channel: 'QR / Print', contact: 'analog', mode: 'direct', qrCode: code },
})

import { channelGroup } from '@touchtrail/attribution/channel'
import { classifyReferrerFull, sourceCategoryFull } from '@touchtrail/attribution/referrers-full'
import type { ReportEvent } from './event.js'

/** What brought the visitor for one session, as the report groups it. */
export interface SessionTouch {
  /** GA4 default channel group (plus touchtrail's `QR / Print` and `AI Assistant`). */
  channel: string
  /** `(direct)` when nothing brought the visitor. */
  source: string
  /** `(none)` when nothing brought the visitor. */
  medium: string
  /** The campaign name; `(not set)` without one. */
  campaign: string
  /** The QR code scanned to start the session, if any. */
  qrCode?: string
}

/** Channel of a session nothing brought. */
export const DIRECT = 'Direct'

/**
 * The touch an event carries, as the browser's attribution plugin set it (`context.campaign`,
 * `context.touchpoint`), with what the collector knows better, since its lists are full where the
 * browser's table is compact:
 * - a referrer the compact table did not know (`referrerCategory: 'referral'`, source and medium taken from the
 *   referrer) is classified again with the full lists of `@touchtrail/attribution/referrers-full`, so
 *   `www.odnoklassniki.ru` becomes Organic Social instead of Referral;
 * - the channel is always decided again by the same GA4 rules with the full lists, so a tagged source the
 *   browser did not know (`utm_source=etsy&utm_medium=cpc`: Paid Shopping, not Paid Other) is right too, and an
 *   event without a channel (a tracker without the attribution plugin) gets one.
 *
 * @example
 * touchOf(event) // { channel: 'Email', source: 'newsletter', medium: 'email', campaign: 'cart-reminder' }
 */
export function touchOf(event: ReportEvent): SessionTouch {
  let { source, medium, name } = event.campaign
  if (event.touchpoint.referrerCategory === 'referral' && event.referrer && (!medium || medium === 'referral')) {
    const known = classifyReferrerFull(event.referrer, event.url ?? '')
    if (!['referral', 'internal', 'direct', 'checkout'].includes(known.category)) {
      source = known.source
      medium = known.medium
    }
  }
  const channel = channelGroup({ source, medium, name, contact: event.touchpoint.contact }, sourceCategoryFull)
  const touch: SessionTouch = {
    channel,
    source: source || (medium ? '(not set)' : '(direct)'),
    medium: medium || (source ? '(not set)' : '(none)'),
    campaign: name || '(not set)',
  }
  if (event.touchpoint.qrCode) touch.qrCode = event.touchpoint.qrCode
  return touch
}

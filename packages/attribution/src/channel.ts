import { lower, sourceCategory, type SourceCategory } from './referrer.js'

/**
 * The channel groups, in the order the rules are tried: GA4's default channel groups
 * (https://support.google.com/analytics/answer/9756891) with touchtrail's two additions: "QR / Print"
 * first (an analog contact is never direct, even without a campaign) and "AI Assistant" before the
 * organic channels.
 */
export const CHANNELS = [
  'QR / Print',
  'Direct',
  'Cross-network',
  'Paid Shopping',
  'Paid Search',
  'Paid Social',
  'Paid Video',
  'Display',
  'Paid Other',
  'AI Assistant',
  'Organic Shopping',
  'Organic Social',
  'Organic Video',
  'Organic Search',
  'Referral',
  'Email',
  'Affiliates',
  'Audio',
  'SMS',
  'Mobile Push Notifications',
  'Unassigned',
] as const

/** One of {@link CHANNELS}. */
export type Channel = (typeof CHANNELS)[number]

/** What the channel is decided from: `context.campaign`'s fields plus the kind of contact. */
export interface ChannelInput {
  /** `utm_source` or the classified referrer; `(direct)` or empty for none. */
  source?: string
  /** `utm_medium` or the classified referrer's medium; `(none)` or empty for none. */
  medium?: string
  /** The campaign name (`utm_campaign`). */
  name?: string
  /** `analog` (a poster, a flyer, packaging) always makes "QR / Print". @default 'digital' */
  contact?: string
}

/** GA4's source lists, in the order of its paid and organic channels, as the channels spell them. */
const LISTED = ['Shopping', 'Social', 'Video', 'Search'] as const

/** Says which list, if any, a source is on; see {@link sourceCategory} and `@touchtrail/attribution/referrers-full`. */
export type CategoryLookup = (source: string) => SourceCategory | undefined

/**
 * The channel group of a touch, by GA4's default rules in GA4's order (case-insensitive), plus
 * "QR / Print" (contact `analog`, or a source or medium such as `qr`, `print`, `poster`) and "AI Assistant"
 * (a source on the AI-assistant list with an unpaid medium). Pure: no DOM, no state, so the collector
 * runs the same function with the full lists.
 *
 * @param categoryOf which list a source is on; @default the compact built-in table ({@link sourceCategory})
 * @example
 * channelGroup({ source: 'facebook', medium: 'paid_social' }) // 'Paid Social'
 * channelGroup({ source: 'newsletter', medium: 'email' }) // 'Email'
 */
export function channelGroup(touch: ChannelInput, categoryOf: CategoryLookup = sourceCategory): Channel {
  const source = lower(touch.source)
  const medium = lower(touch.medium)
  const name = lower(touch.name)
  const paid = /^(.*cp.*|ppc|retargeting|paid.*)$/.test(medium)
  const either = (re: RegExp) => re.test(source) || re.test(medium)
  // Shopping goes by the source list or by a campaign name about shopping (GA4's regex).
  const listed = /^(.*(([^a-df-z]|^)shop|shopping).*)$/.test(name) ? 'shopping' : categoryOf(source)
  // What the medium alone says (GA4's organic rules), then the first of GA4's organic channels either names.
  const said = /^(social|social[- ]network|social[- ]media|sm)$/.test(medium) ? 'social' : /video/.test(medium) ? 'video' : medium == 'organic' && 'search'
  // Size hack: "Paid Search", "Organic Video", … are spelled from the list's name.
  const paidOn = LISTED.find((c) => lower(c) == listed)
  const organic = LISTED.find((c) => lower(c) == listed || lower(c) == said)
  if (touch.contact == 'analog' || either(/^(qr([-_ ]?code)?|print|offline|poster|flyer)$/)) return 'QR / Print'
  if (/^(|\(direct\))$/.test(source) && /^(|\(none\)|\(not set\))$/.test(medium)) return 'Direct'
  if (/cross-network/.test(name)) return 'Cross-network'
  if (paid && paidOn) return `Paid ${paidOn}`
  if (/^(display|banner|expandable|interstitial|cpm)$/.test(medium)) return 'Display'
  if (paid) return 'Paid Other'
  if (listed == 'ai') return 'AI Assistant'
  if (organic) return `Organic ${organic}`
  if (/^(referral|app|link)$/.test(medium)) return 'Referral'
  // GA4 has no list of mail providers; a webmail source (ours) counts like the email medium.
  if (listed == 'email' || either(/^e[-_ ]?mail$/)) return 'Email'
  if (medium == 'affiliate') return 'Affiliates'
  if (medium == 'audio') return 'Audio'
  if (either(/^sms$/)) return 'SMS'
  if (/push$|mobile|notification/.test(medium) || source == 'firebase') return 'Mobile Push Notifications'
  return 'Unassigned'
}

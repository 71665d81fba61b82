import type { CampaignContext, TouchpointContext } from '@touchtrail/core'
import { channelGroup } from './channel.js'

/** One touch: what brought the visitor for one session. */
export interface Touch {
  /** Epoch ms of the session it began (its `context.sessionId`). */
  at: number
  /** `context.campaign` of that session. */
  campaign: CampaignContext
  /** `context.touchpoint` of that session. */
  touchpoint: TouchpointContext
}

/** The journey as `attribution()` keeps it in `tracker.store` (key `at`). */
export interface Journey {
  /** The session whose touch is decided. */
  s?: number
  /** That session's touch (for a checkout return in a new session, the one before it). */
  c?: Touch
  /** The first touch. */
  f?: Touch
  /** The last non-direct touch (the last direct one while there is none). */
  l?: Touch
  /** The last touches, oldest first. */
  t: Touch[]
  /** Set while the session's touch is provisional (it began on a page seen before). */
  p?: 1
}

/** `context.campaign` of a session nothing brought: GA4's spelling. */
export const DIRECT: CampaignContext = { source: '(direct)', medium: '(none)' }

/**
 * A touch from a campaign and what is known of the touchpoint. The channel is decided here; contact
 * is `analog` for "QR / Print" and `digital` otherwise (unless given); mode is `direct` when the shop
 * itself made the contact or the visitor came straight to it (Direct, ads, email, SMS, push, print) and
 * `indirect` when a third party led the way (organic search and social, referrals, AI assistants,
 * affiliates).
 *
 * @example
 * makeTouch(1763881200000, { source: 'google', medium: 'cpc' }, { clickId: 'abc', clickIdType: 'gclid' })
 */
export function makeTouch(at: number, campaign: CampaignContext, touchpoint: TouchpointContext = {}): Touch {
  const channel = channelGroup({ ...campaign, contact: touchpoint.contact })
  return {
    at,
    campaign,
    touchpoint: {
      channel,
      ...touchpoint,
      contact: touchpoint.contact || (channel == 'QR / Print' ? 'analog' : 'digital'),
      mode: /^(Organic|Referral|AI|Affiliates|Unassigned)/.test(channel) ? 'indirect' : 'direct',
    },
  }
}

/** Whether two campaigns are the same: the same fields with the same values, in any order. */
export function sameCampaign(a: CampaignContext, b: CampaignContext): boolean {
  const key = (c: CampaignContext) => JSON.stringify(c, Object.keys(c).sort())
  return key(a) == key(b)
}

/**
 * Remember the touch of a session (`touch.at` is its id): it becomes the session's touch, the first
 * touch if there was none, the last touch unless it is direct while the last is not, and the end of the
 * trail, which keeps the latest `max`. A second touch for the same session replaces the first.
 */
export function remember(journey: Journey, touch: Touch, max: number): Journey {
  const direct = (t: Touch) => t.touchpoint.channel == 'Direct'
  journey.s = touch.at
  journey.c = touch
  if (!journey.f || journey.f.at == touch.at) journey.f = touch
  if (!journey.l || !direct(touch) || direct(journey.l)) journey.l = touch
  journey.t = [...journey.t.filter((t) => t.at != touch.at), touch].slice(-max)
  return journey
}

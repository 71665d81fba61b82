import type { CampaignContext, Plugin, TouchpointContext, TrackerEvent } from '@touchtrail/core'
import { imply, parseCampaign, stripParams, type CampaignOptions } from './campaign.js'
import { classifyReferrer, type ReferrerOptions } from './referrer.js'
import { DIRECT, makeTouch, remember, sameCampaign, type Journey, type Touch } from './touch.js'

/** Options of {@link attribution}. */
export interface AttributionOptions extends CampaignOptions, ReferrerOptions {
  /** Track events that get `context.attribution` (`{ first, last, trail }`), besides every `identify`. @default ['purchase'] */
  conversions?: string[]
  /** How many touches the trail keeps. @default 10 */
  trailLength?: number
  /**
   * Remove the parameters it read (`utm_*`, click ids, aliases, params) from the address bar once
   * read, with `history.replaceState` (no new page view). Leave it off if another tool reads them later. @default false
   */
  cleanUrl?: boolean
}

/** A touch as another plugin hands it over: the campaign and what it knows of the touchpoint. */
export interface TouchInput {
  campaign?: CampaignContext
  touchpoint?: TouchpointContext
}

/** `tracker.attribution`: the journey for other plugins and the page. */
export interface AttributionApi {
  /** The current session's touch: what brought the visitor this time. */
  touch(): Touch | undefined
  /** The first touch. */
  first(): Touch | undefined
  /** The last non-direct touch. */
  last(): Touch | undefined
  /** The latest touches, oldest first. */
  trail(): Touch[]
  /**
   * Make this the session's touch, as a landing with this campaign would (a QR plugin sets an analog
   * one). Called from an `event` hook, it applies to that event, starting a new session when the
   * session already has another campaign; called elsewhere, it applies to the next event.
   */
  set(touch: TouchInput): void
}

declare module '@touchtrail/core' {
  interface Tracker {
    /** Set by the `attribution()` plugin. */
    attribution?: AttributionApi
  }
}

/**
 * What one page (its URL and referrer) says: the touch it brings (no campaign for a direct or internal
 * visit or a checkout return), or what set() was given.
 */
interface Landing extends TouchInput {
  /** A payment provider sent the buyer back: a new session carries the touch before it. */
  _checkout?: unknown
  /** Only the referrer tells it (no parameters): the session's source coming again is no new campaign. */
  _referrerOnly?: unknown
}

/**
 * Attribution: every event gets `context.campaign` and `context.touchpoint` of its session, read from
 * the landing's `utm_*` parameters, click ids and referrer; a landing with another campaign starts a
 * new session; first touch, last non-direct touch and a trail of the latest touches are kept (under
 * consent) and attached as `context.attribution` to `identify` and conversion events.
 *
 * @example
 * createTracker({ endpoint, plugins: [attribution({ conversions: ['purchase', 'signup'] })] })
 * tracker.attribution?.touch()?.touchpoint.channel // 'Paid Search'
 */
export function attribution(options: AttributionOptions = {}): Plugin {
  const { conversions = ['purchase'], trailLength = 10, cleanUrl } = options
  return {
    name: 'attribution',
    setup(tracker) {
      // The landing last read: a page's events share it, and only its first event may start a campaign
      // (so a tab left open on an old landing does not take the session back from a newer one).
      let key = ''
      let land: Landing
      let current: TrackerEvent | undefined
      let pending: TouchInput | undefined
      // What another version (or another script) left under the key is no journey: start afresh.
      const journey = (j = tracker.store.get<Journey>('at')): Journey => (Array.isArray(j?.t) ? j! : { t: [] })

      /**
       * Decide the session's touch for this event and put it on the event. `input` is the page's landing
       * or what set() was given (`fresh` 2): a landing or set() may start a campaign on its page's first event.
       */
      const decide = (ev: TrackerEvent, input: Landing, fresh: unknown) => {
        const ctx = ev.context
        const j = journey()
        const was = j.c?.campaign
        const campaign = input.campaign || DIRECT
        const differs = !sameCampaign(campaign, was || {}) && !(input._referrerOnly && campaign.source == was?.source)
        const record = () => {
          remember(j, makeTouch(ctx.sessionId, campaign, input.touchpoint), trailLength)
          delete j.p
        }
        if (j.s != ctx.sessionId || !was) {
          // Core began this session (first visit, timeout, reset), or what we stored is gone. A session
          // begun on a page seen before (a tab left open, a vitals report sent on leaving it) is the
          // visitor coming back on their own: direct, for now; the session's first fresh landing decides
          // its touch. Else the touch is the landing's campaign, the one before it for a checkout
          // return, or direct.
          if (!fresh && ctx.sessionStart) {
            j.c = makeTouch(ctx.sessionId, DIRECT, { referrerCategory: 'direct' })
            j.p = 1
          } else if (!input._checkout || !was) record()
          j.s = ctx.sessionId
          // Written only in the two branches that change it, not for every event: a localStorage
          // write is the costliest step of building an event.
          tracker.store.set('at', j)
        } else if (fresh && (j.p || fresh == 2 || (input.campaign && differs))) {
          if (!j.p && differs && !ctx.sessionStart) tracker.startSession('campaign')
          record()
          tracker.store.set('at', j)
        }
        ctx.campaign = { ...j.c!.campaign }
        ctx.touchpoint = { ...j.c!.touchpoint }
        if (ev.type == 'identify' || conversions.includes(ev.event!)) ctx.attribution = { first: j.f, last: j.l, trail: j.t }
      }

      const off = tracker.on('event', (ev) => {
        const { url, referrer } = ev.context.page
        const fresh = key != (key = url + ' ' + referrer)
        if (fresh) {
          const { campaign, clickId, clickIdType, captured } = parseCampaign(url, options)
          const { category, source, medium } = classifyReferrer(referrer, url, options)
          const external = !/^(direct|internal|checkout)$/.test(category)
          const tagged = Object.keys(campaign).length
          if (external) imply(campaign, source, medium)
          const checkout = category == 'checkout'
          land = {
            // A payment provider sending the buyer back is never a new campaign, whatever the URL says.
            campaign: !checkout && (tagged || external) ? campaign : undefined,
            touchpoint: { clickId, clickIdType, referrerCategory: (checkout ? 'internal' : category) as TouchpointContext['referrerCategory'] },
            _checkout: checkout,
            _referrerOnly: !tagged,
          }
          if (cleanUrl && captured.length && location.href == url) {
            const clean = stripParams(url, captured)
            key = clean + ' ' + referrer
            history.replaceState(history.state, '', clean)
          }
        }
        // set() from a later plugin's hook applies to this event: core runs the hooks of a batch synchronously.
        current = ev
        queueMicrotask(() => (current = undefined))
        decide(ev, pending || land, pending ? 2 : fresh)
        pending = undefined
      })

      tracker.attribution = {
        touch: () => journey().c,
        first: () => journey().f,
        last: () => journey().l,
        trail: () => journey().t,
        set(touch) {
          if (current) decide(current, touch, 2)
          else pending = touch
        },
      }
      return () => {
        off()
        delete tracker.attribution
      }
    },
  }
}

/** Where consent stands. `pending` holds events in memory; `denied` drops them and clears storage. */
export type ConsentState = 'granted' | 'pending' | 'denied'

/**
 * Where ids and plugin state live.
 * `local`: localStorage; `cookie`: first-party cookies for ids (shared across subdomains with `cookieDomain`),
 * localStorage for the rest; `memory`: nothing persisted; `none`: cookieless mode, nothing written to the device.
 */
export type StorageKind = 'local' | 'cookie' | 'memory' | 'none'

/** JSON-like event properties. */
export type Properties = Record<string, unknown>

/** `context.page`: where the event happened. */
export interface PageContext {
  url: string
  path: string
  search: string
  title: string
  referrer: string
}

/** `context.campaign`: Segment's campaign object (from `utm_*` parameters). */
export interface CampaignContext {
  source?: string
  medium?: string
  name?: string
  term?: string
  content?: string
  id?: string
  [extra: string]: string | undefined
}

/** `context.touchpoint`: touchtrail's own namespace describing the session's touchpoint. */
export interface TouchpointContext {
  channel?: string
  clickId?: string
  clickIdType?: string
  referrerCategory?: 'search' | 'social' | 'email' | 'shopping' | 'video' | 'ai' | 'internal' | 'referral' | 'direct'
  contact?: 'digital' | 'analog'
  mode?: 'direct' | 'indirect'
  [extra: string]: unknown
}

/** `event.context`, see DESIGN.md. */
export interface EventContext {
  library: { name: string; version: string }
  page: PageContext
  campaign?: CampaignContext
  touchpoint?: TouchpointContext
  /** Epoch ms of the session's start. */
  sessionId: number
  /** Only on the session's first event. */
  sessionStart?: true
  locale?: string
  timezone?: string
  screen?: { width: number; height: number }
  consent: ConsentState
  /** The `site` option, so one collector can serve several shops. */
  site?: string
  /** Set in cookieless mode (`storage: 'none'`): `anonymousId` lasts one page; the collector derives a daily key. */
  cookieless?: true
  [extra: string]: unknown
}

/** One message on the wire (Segment Spec shape). */
export interface TrackerEvent {
  type: 'page' | 'track' | 'identify'
  /** `track` only; snake_case. */
  event?: string
  /** `page` only, optional. */
  name?: string
  properties?: Properties
  traits?: Properties
  /** Unique per event; the collector dedupes on it. */
  messageId: string
  anonymousId: string
  userId?: string
  /** ISO 8601, the moment of the call. */
  timestamp: string
  context: EventContext
}

/** A session as core keeps it. */
export interface SessionInfo {
  /** Epoch ms of the session's start (also `context.sessionId`). */
  id: number
  /** Epoch ms of the session's last event. */
  last: number
  /** Why it started: first visit, inactivity timeout, a plugin's request (e.g. `campaign`), or `reset()`. */
  reason: string
}

/** Hooks a plugin may subscribe to with `tracker.on(name, fn)`. Every hook is optional. */
export interface TrackerHooks {
  /**
   * Every outgoing event, in plugin order, before it is handed to the transport.
   * Mutate it to enrich it; return `false` to drop it. A throwing hook loses only its own work.
   */
  event: (event: TrackerEvent) => void | boolean
  /** A page view was accepted (after the `event` hooks). */
  page: (event: TrackerEvent) => void
  /** A new session started; runs while the event that started it is being processed. */
  session: (session: SessionInfo) => void
  /** Consent changed to this state. */
  consent: (state: ConsentState) => void
  /** `reset()` was called (the visitor logged out): forget what you keep. */
  reset: () => void
}

/** First-party key/value storage under consent: persisted when allowed, in memory otherwise. */
export interface Store {
  /** Read a JSON value (undefined when absent or unreadable). */
  get<T = unknown>(key: string): T | undefined
  /** Write a JSON value. Never throws. */
  set(key: string, value: unknown): void
  remove(key: string): void
}

/** Debug logger: every message starts with `touchtrail: `. */
export interface Logger {
  /** A warning about bad input, printed once per message and only in debug mode. */
  warn(message: string): void
  /** An internal failure (a plugin, the network); printed in debug mode only. */
  error(message: string, error?: unknown): void
}

/**
 * Delivers events. The default batches in memory and sends with `fetch` and `sendBeacon`;
 * `@touchtrail/queue` provides a durable one.
 */
export interface Transport {
  /** Take ownership of these events (already enriched). Must not throw. */
  send(events: TrackerEvent[]): void
  /** Resolves once everything taken so far is delivered or given up for now. Never rejects. */
  flush(): Promise<void>
  /** Forget every undelivered event kept on the device (consent denied). */
  clear?(): void
  /** Remove listeners and timers. */
  destroy?(): void
}

/** Makes the transport once the tracker exists (so it can read options and report through it). */
export type TransportFactory = (tracker: Tracker) => Transport

/** A plugin: a plain object whose `setup` subscribes to the tracker's hooks and may return a teardown. */
export interface Plugin {
  name: string
  setup(tracker: Tracker): void | (() => void)
}

/** Options of {@link createTracker}. */
export interface TrackerOptions {
  /** The collector URL that receives `POST { batch, sentAt }`. */
  endpoint: string
  /** Site id, sent as `context.site`. */
  site?: string
  /**
   * Initial consent. Global Privacy Control counts as `denied` until `consent('granted')` is called.
   * @default 'granted'
   */
  consent?: ConsentState
  /** @default 'local' */
  storage?: StorageKind
  /** Cookie domain for `storage: 'cookie'`, e.g. `.example.com` to share ids across subdomains. */
  cookieDomain?: string
  /** Inactivity after which the next event starts a new session. @default 1800000 (30 min) */
  sessionTimeoutMs?: number
  /** Honour Global Privacy Control (`navigator.globalPrivacyControl`). @default true */
  respectGpc?: boolean
  /** Print warnings for bad calls and internal failures. @default false */
  debug?: boolean
  /**
   * The most UTF-8 bytes of an event's properties as JSON. Over it, lists (a big order's `items`) lose their
   * last entries until the rest fits, with `items_trimmed` saying how many went; what still does not fit is
   * dropped. The default leaves 8 KB of a common 32 KiB per-event limit (Segment's, the collector's) for the
   * context. @default 24000
   */
  maxEventBytes?: number
  /** Longer strings in properties are cut to this many characters. @default 2000 */
  maxStringLength?: number
  /** Clock in epoch ms; inject one to move time in tests. @default Date.now */
  now?: () => number
  /** @default the in-memory fetch/sendBeacon transport */
  transport?: TransportFactory
  /** Plugins to `use()` right away, in order. */
  plugins?: Plugin[]
}

/** Options after defaults are applied. */
export interface ResolvedOptions extends Required<Omit<TrackerOptions, 'site' | 'cookieDomain' | 'transport' | 'plugins'>> {
  site?: string
  cookieDomain?: string
}

/** The live tracker. No method throws; no returned promise rejects. */
export interface Tracker {
  /**
   * Record a page view: `page()`, `page('Product page')`, `page('Product page', { sku })` or `page({ sku })`.
   * `referrer` sets `context.page.referrer` from now on (SPA navigations pass the previous URL).
   */
  page(name?: string | Properties, properties?: Properties, referrer?: string): void
  /** Record an event: `track('add_to_cart', { value: 59.9 })`. */
  track(event: string, properties?: Properties): void
  /** Attach a user id (kept for later events) and traits: `identify('u-42', { plan: 'pro' })`; `identify(null)` forgets it. */
  identify(userId?: string | number | null | Properties, traits?: Properties): void
  /** Set consent (`granted` | `pending` | `denied`); with no argument, read it. */
  consent(state?: ConsentState): ConsentState
  /** Send what is pending now; resolves when the transport is done for now. */
  flush(): Promise<void>
  /**
   * Forget the visitor (a log-out): new anonymousId and session, userId and stored state cleared. What was
   * tracked before is still delivered, under the identity it was tracked with.
   */
  reset(): void
  /** Add a plugin. */
  use(plugin: Plugin): void
  /** Tear down plugins, listeners and timers (pending events are flushed first). */
  destroy(): void
  /**
   * Subscribe to a hook; returns the unsubscribe function. Hooks run in the order they subscribed;
   * `first` puts this one before those already there (`scrub()` cleans the page's URLs before other
   * plugins read and store what they hold).
   */
  on<K extends keyof TrackerHooks>(hook: K, fn: TrackerHooks[K], first?: boolean): () => void
  /** Start a new session now; inside an `event` hook, the event being processed joins it (`reason`, e.g. `campaign`). */
  startSession(reason?: string): void
  /** The current session, or undefined before the first event. */
  session(): SessionInfo | undefined
  /** Ids as they stand: anonymousId, userId. */
  user(): { anonymousId: string; userId?: string }
  /** Epoch ms from the configured clock. */
  now(): number
  /** First-party storage under consent (keys are prefixed for you). */
  readonly store: Store
  readonly options: Readonly<ResolvedOptions>
  readonly log: Logger
}
// Plugins that attach an API (e.g. `tracker.cart`) declare it by augmenting this interface:
// `declare module '@touchtrail/core' { interface Tracker { cart?: CartApi } }`.

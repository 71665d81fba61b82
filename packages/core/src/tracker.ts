import { clean } from './clean.js'
import { guard } from './guard.js'
import { createLogger } from './logger.js'
import { pageContext } from './page.js'
import { createStore } from './storage.js'
import { onHide, utf8 } from './send.js'
import { memoryTransport } from './transport.js'
import { uuid } from './uuid.js'
import { VERSION } from './version.js'
import type { ConsentState, EventContext, ResolvedOptions, SessionInfo, Tracker, TrackerEvent, TrackerHooks, TrackerOptions, Transport, TransportFactory } from './types.js'

/** A call as it was made: cheap to record; built into an event later, off the call's path. */
interface Call {
  _type: TrackerEvent['type']
  _name?: string
  _props?: unknown
  _user?: string | null
  _t: number
  _page: EventContext['page']
}

type Hook = [plugin: string, fn: (arg?: any) => unknown]

/** Calls held while consent is pending are bounded, so a page that never asks does not grow forever. */
const MAX_HELD = 1000
/** How long one task may spend building events before it yields to the page. */
const SLICE_MS = 8
/** …but always at least this many events: a small burst is one batch whatever the machine's load. */
const MIN_SLICE = 20

/**
 * Create a tracker. Every call is accepted at once and never throws; events are built in a
 * microtask, held while consent is pending, and handed to the transport once allowed. Without
 * `transport`, or when it fails to start, events go through {@link memoryTransport}.
 *
 * @example
 * const tracker = createTracker({ endpoint: 'https://collect.example.com/collect', plugins: [pageViews()] })
 * tracker.track('newsletter_signup', { list: 'running' })
 */
export const createTracker = (options: TrackerOptions): Tracker => createTrackerWith(options, memoryTransport())

/**
 * {@link createTracker} with another default transport: `fallback` carries the events when
 * `options.transport` is absent or fails to start. A build that always brings its own transport
 * (the script tag brings `@touchtrail/queue`, which falls back to memory itself) imports this one,
 * so it does not also carry the memory transport.
 *
 * @example
 * import { createTrackerWith } from '@touchtrail/core'
 * const tracker = createTrackerWith({ endpoint }, queue())
 */
export function createTrackerWith(options: TrackerOptions, fallback: TransportFactory): Tracker {
  const o = {
    consent: 'granted',
    storage: 'local',
    sessionTimeoutMs: 1_800_000,
    respectGpc: true,
    debug: false,
    maxEventBytes: 24_000,
    maxStringLength: 2000,
    now: Date.now,
  } as ResolvedOptions
  // An option set to undefined keeps its default (script-tag attributes that are absent, say).
  for (const key in options) (options as any)[key] !== undefined && ((o as any)[key] = (options as any)[key])
  const log = createLogger(o.debug)
  const store = createStore(o.storage, o.cookieDomain)
  const hooks: Record<string, Hook[]> = {}
  const teardowns: (() => void)[] = []
  let calls: Call[] = []
  let scheduled = false
  let alive = true
  let plugin = 'core'
  let current: TrackerEvent | undefined
  let session: SessionInfo | undefined
  let referrer = document.referrer
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone

  // Global Privacy Control is the visitor's own "no": it outranks the site's default until the site
  // reports the visitor's explicit choice with consent('granted'). https://w3c.github.io/gpc/
  let consent: ConsentState = o.respectGpc && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl ? 'denied' : o.consent
  store._persist(consent == 'granted')

  const emit = (name: keyof TrackerHooks, arg?: unknown) => {
    for (const [who, fn] of hooks[name] || []) {
      try {
        if (fn(arg) === false) return false
      } catch (e) {
        log.error(`plugin ${who} failed in its ${name} hook`, e)
      }
    }
    return true
  }

  const anonymousId = (): string => {
    const id = store.get('a')
    if (typeof id == 'string' && id) return id
    store.set('a', uuid())
    return store.get('a') as string
  }

  const startSession = (t: number, reason: string) => {
    store.set('s', (session = { id: t, last: t, reason }))
    if (current) Object.assign(current.context, { sessionId: t, sessionStart: true })
    emit('session', session)
  }

  /** Build one event from a call; undefined when it is dropped (bad input or a plugin's veto). */
  const build = (c: Call): TrackerEvent | undefined => {
    const call = c._type + '()'
    let json = '{}'
    if (c._props != null) {
      // An object may still serialise to something else: a Date to a string, an array to an array.
      const props = clean(c._props, o.maxStringLength, (problem) => log.warn(`${call}: ${problem}`))
      if (props?.[0] == '{') json = props
      else if (props || typeof c._props != 'object') log.warn(call + ' properties must be an object; ignored')
      // An object that could not be serialised at all (clean() said why): the call is dropped.
      else return
    }
    const max = o.maxEventBytes
    // On the wire, in UTF-8: beyond ASCII a character takes up to three bytes (so only JSON longer than
    // a third of the limit is encoded to count them).
    let size = json.length * 3 > max ? utf8(json) : 0
    if (size > max) {
      // A big order counts more than its whole item list: lists lose their last entries until the
      // rest fits (with room for `items_trimmed`, how many went), so value and ids still arrive.
      const p = JSON.parse(json)
      for (const k in p)
        for (let list = p[k], cut = 0; Array.isArray(list) && list.length && size > max - 99; p[k + '_trimmed'] = ++cut)
          size -= utf8(JSON.stringify(list.pop())) + 1
      json = JSON.stringify(p)
      log.warn(`${call} properties are over ${max} bytes: ${(size = utf8(json)) > max ? 'call dropped' : 'lists cut'}`)
      if (size > max) return
    }
    if (c._user === null) store.remove('u')
    else if (c._user) store.set('u', c._user)
    const ev: TrackerEvent = {
      type: c._type,
      messageId: uuid(),
      anonymousId: anonymousId(),
      timestamp: new Date(c._t).toISOString(),
      context: {
        library: { name: 'touchtrail', version: VERSION },
        page: c._page,
        sessionId: 0,
        locale: navigator.language,
        timezone,
        screen: { width: screen.width, height: screen.height },
        consent,
      },
    }
    const userId = store.get<string>('u')
    if (userId) ev.userId = userId
    if (o.site) ev.context.site = o.site
    // Cookieless: the id lives for this page only; the collector derives a daily visitor key instead.
    if (o.storage == 'none') ev.context.cookieless = true
    if (c._name) ev[c._type == 'track' ? 'event' : 'name'] = c._name
    ev[c._type == 'identify' ? 'traits' : 'properties'] = JSON.parse(json)
    current = ev
    try {
      if (!session || c._t - session.last > o.sessionTimeoutMs) startSession(c._t, session ? 'timeout' : 'new')
      else session.last = Math.max(session.last, c._t)
      ev.context.sessionId = session!.id
      if (!emit('event', ev)) return
    } finally {
      current = undefined
    }
    if (ev.type == 'page') emit('page', ev)
    return ev
  }

  /**
   * Build the recorded calls and hand them to the transport. A scheduled run builds for at most
   * SLICE_MS and leaves the rest to the next task, so a page that makes a thousand calls in one go
   * gets no long task from us; `all` builds everything now (the page is being hidden, or reset).
   */
  const process = (all?: boolean) => {
    scheduled = false
    if (consent == 'granted' && alive) {
      const stop = all ? Infinity : performance.now() + SLICE_MS
      const built: TrackerEvent[] = []
      let n = 0
      // Other tabs move the session on too: read it once per batch.
      const stored = store.get<SessionInfo>('s')
      if (stored?.id && (!session || stored.last > session.last)) session = stored
      // Calls a plugin makes while an event is built join the end of the line.
      while (n < calls.length && (n < MIN_SLICE || performance.now() < stop)) {
        try {
          const ev = build(calls[n])
          if (ev) built.push(ev)
        } catch (e) {
          log.error('an event could not be built; dropped', e)
        }
        n++
      }
      calls.splice(0, n)
      if (session) store.set('s', session)
      // Each slice goes to the transport as it is built, so the transport's own work on it (the
      // queue adds every event to IndexedDB) stays in a short task too; on hide everything is built
      // at once, so nothing waits here when the page goes.
      if (built.length) transport.send(built)
      if (calls.length) scheduled || ((scheduled = true), setTimeout(process))
    }
  }

  const record = (c: Omit<Call, '_t' | '_page'>) => {
    if (!alive || consent == 'denied') return
    if (calls.length >= MAX_HELD && consent == 'pending') {
      log.warn(`over ${MAX_HELD} calls wait for consent; the oldest is dropped`)
      calls.shift()
    }
    const call = { ...c, _t: o.now(), _page: pageContext(referrer) }
    // Routers change the URL first and the title after it, in the same task: the title is read once
    // the caller's code is done (page views of SPA routes carry their own page's title).
    queueMicrotask(() => (call._page.title = document.title))
    calls.push(call)
    if (consent == 'granted' && !scheduled) {
      scheduled = true
      queueMicrotask(process)
    }
  }

  let transport: Transport
  const api: Omit<Tracker, 'store' | 'options' | 'log'> = {
    page(name, properties, from) {
      if (typeof from == 'string') referrer = from
      if (name && typeof name == 'object') [name, properties] = [undefined, name]
      record({ _type: 'page', _name: name == null ? undefined : String(name).slice(0, 500), _props: properties })
    },
    track(event, properties) {
      if (typeof event != 'string' || !event.trim()) return log.warn('track() needs an event name; call dropped')
      record({ _type: 'track', _name: event.trim().slice(0, 200), _props: properties })
    },
    identify(userId, traits) {
      if (userId && typeof userId == 'object') [userId, traits] = [undefined, userId]
      if (typeof userId == 'number') userId = String(userId)
      // At most 256 characters, the collector's limit: the id goes on every later event.
      if (userId != null && (typeof userId != 'string' || !userId || userId.length > 256))
        return log.warn('identify() needs a string user id of 256 characters at most; call dropped')
      record({ _type: 'identify', _user: userId as string | null | undefined, _props: traits })
    },
    consent(state) {
      // A refusal repeated still clears: what another tab or an earlier visit stored goes too.
      if (state === undefined || (state == consent && state != 'denied')) return consent
      if (!['granted', 'pending', 'denied'].includes(state)) {
        log.warn(`consent() takes 'granted', 'pending' or 'denied'; call ignored`)
        return consent
      }
      consent = state
      if (state == 'denied') tracker.reset(), transport.clear?.()
      store._persist(state == 'granted')
      emit('consent', state)
      process()
      return consent
    },
    flush() {
      // Slice by slice, until nothing is left that can be built now (none while consent is pending).
      return new Promise<void>(function go(done) {
        process()
        calls.length && consent == 'granted' && alive ? setTimeout(go, 0, done) : done()
      })
        .then(() => transport.flush())
        .catch((e) => log.error('flush() failed', e))
    },
    reset() {
      if (consent == 'denied') calls = []
      // A log-out forgets the visitor, not their purchase: what was tracked before is built now, under
      // the identity it was tracked with, and delivered (a refusal drops it, in consent() above).
      process(true)
      session = undefined
      store._clear(consent == 'denied')
      emit('reset')
    },
    use(p) {
      if (typeof p?.setup != 'function') return log.warn('use() needs a plugin with a setup function; call ignored')
      plugin = String(p.name)
      try {
        const off = p.setup(tracker)
        if (typeof off == 'function') teardowns.push(off)
      } finally {
        plugin = 'core'
      }
    },
    destroy() {
      if (!alive) return
      process(true)
      alive = false
      teardowns.splice(0).forEach((off) => off())
      transport.flush().then(() => transport.destroy?.())
    },
    on(name, fn, first) {
      const list = (hooks[name] ||= [])
      const hook: Hook = [plugin, fn]
      first ? list.unshift(hook) : list.push(hook)
      return () => list.includes(hook) && list.splice(list.indexOf(hook), 1)
    },
    startSession(reason = 'new') {
      startSession(current ? Date.parse(current.timestamp) : o.now(), reason)
    },
    session: () => session,
    user: () => ({ anonymousId: anonymousId(), userId: store.get('u') }),
    now: () => o.now(),
  }
  const tracker = api as Tracker

  // The host page comes first: no public method throws (flush() catches its own promise), and
  // consent() answers the state even when a throwing transport interrupts it.
  for (const name in api) (api as any)[name] = guard(log, name + '()', (api as any)[name])
  const setConsent = api.consent
  api.consent = (state) => setConsent(state) ?? consent
  Object.assign(tracker, { store, options: o, log })

  // What is still unbuilt when the page is hidden is built at once, before the transport (whose
  // listeners come later) sends what it holds by beacon.
  teardowns.push(onHide(() => process(true)))

  try {
    transport = (options.transport || fallback)(tracker)
  } catch (e) {
    log.error('the transport failed to start; using the default one', e)
    transport = fallback(tracker)
  }
  options.plugins?.forEach(tracker.use)
  // A visit that starts refused (the site's default, or GPC) forgets what an earlier visit stored, as
  // a refusal later would; unless the page grants consent before this task ends (the snippet's queue,
  // a consent manager replaying the visitor's choice), so an opted-in visitor keeps their id.
  if (consent == 'denied') queueMicrotask(() => consent == 'denied' && tracker.consent('denied'))
  return tracker
}

import { afterEach, describe, expect, it } from 'vitest'
import { createTracker } from './tracker.js'
import { consentMode, tcf } from './consent-bridges.js'
import type { Plugin, TrackerEvent } from './types.js'

const w = window as any
const tick = () => new Promise((r) => setTimeout(r, 0))
function gtag(..._args: unknown[]) {
  // gtag pushes its arguments object, exactly like Google's snippet.
  // eslint-disable-next-line prefer-rest-params
  w.dataLayer.push(arguments)
}

const start = (plugin: Plugin, consent?: 'granted' | 'pending') => {
  const sent: TrackerEvent[] = []
  const t = createTracker({ endpoint: 'x', consent, plugins: [plugin], transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {}, clear() {} }) })
  return { t, sent }
}

afterEach(() => {
  delete w.dataLayer
  delete w.__tcfapi
  delete (navigator as any).globalPrivacyControl
  localStorage.clear()
})

describe('consentMode', () => {
  it('holds events under a default of denied made before load, and sends them on an update to granted', async () => {
    w.dataLayer = []
    gtag('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied' })
    const { t, sent } = start(consentMode())
    expect(t.consent()).toBe('pending')
    t.track('held')
    await tick()
    expect(sent).toEqual([])
    expect(localStorage.length).toBe(0)
    gtag('consent', 'update', { analytics_storage: 'granted' })
    expect(t.consent()).toBe('granted')
    expect(sent.map((e) => e.event)).toEqual(['held'])
  })

  it('stops and clears storage when an update revokes analytics_storage', async () => {
    const { t, sent } = start(consentMode())
    t.track('a')
    await tick()
    expect(localStorage.getItem('tt_a')).not.toBeNull()
    gtag('consent', 'update', { analytics_storage: 'denied' })
    t.track('b')
    await tick()
    expect(t.consent()).toBe('denied')
    expect(sent.map((e) => e.event)).toEqual(['a'])
    expect(localStorage.length).toBe(0)
  })

  it('ignores a default that comes after an update, as gtag does', async () => {
    w.dataLayer = []
    gtag('consent', 'update', { analytics_storage: 'granted' })
    gtag('consent', 'default', { analytics_storage: 'denied' })
    const { t, sent } = start(consentMode(), 'pending')
    t.track('a')
    gtag('consent', 'default', { analytics_storage: 'denied' })
    t.track('b')
    await tick()
    expect(t.consent()).toBe('granted')
    expect(sent.map((e) => e.event)).toEqual(['a', 'b'])
    // An update for another type does not count: a later default of analytics_storage still applies.
    delete w.dataLayer
    w.dataLayer = []
    gtag('consent', 'update', { ad_storage: 'granted' })
    gtag('consent', 'default', { analytics_storage: 'denied' })
    expect(start(consentMode()).t.consent()).toBe('pending')
  })

  it('ignores other dataLayer entries and consent types, and keeps push working', () => {
    const { t } = start(consentMode())
    expect(w.dataLayer.push({ event: 'add_to_cart' })).toBe(1)
    gtag('consent', 'update', { ad_storage: 'denied' })
    expect(t.consent()).toBe('granted')
    expect(w.dataLayer).toHaveLength(2)
  })

  it('never lets a default of granted override Global Privacy Control', () => {
    ;(navigator as any).globalPrivacyControl = true
    w.dataLayer = []
    gtag('consent', 'default', { analytics_storage: 'granted' })
    const { t } = start(consentMode())
    expect(t.consent()).toBe('denied')
    gtag('consent', 'update', { analytics_storage: 'granted' })
    expect(t.consent()).toBe('granted')
  })

  it('never lets a default of denied lift Global Privacy Control to pending, nor a later default grant', () => {
    ;(navigator as any).globalPrivacyControl = true
    w.dataLayer = []
    gtag('consent', 'default', { analytics_storage: 'denied', region: ['DE'] })
    gtag('consent', 'default', { analytics_storage: 'granted' })
    const { t } = start(consentMode())
    expect(t.consent()).toBe('denied')
    gtag('consent', 'default', { analytics_storage: 'granted' })
    expect(t.consent()).toBe('denied')
  })

  it('restores push on teardown', () => {
    w.dataLayer = []
    const original = w.dataLayer.push
    const { t } = start(consentMode())
    t.destroy()
    expect(w.dataLayer.push).toBe(original)
  })
})

describe('tcf', () => {
  const cmp = () => {
    let listener: ((d: any, ok: boolean) => void) | undefined
    w.__tcfapi = (cmd: string, _v: number, cb: (d: any, ok: boolean) => void) => {
      if (cmd == 'addEventListener') listener = cb
    }
    return (data: any) => listener!({ listenerId: 1, gdprApplies: true, ...data }, true)
  }

  it('holds events until the CMP answers, then follows purpose 1', async () => {
    const answer = cmp()
    const { t, sent } = start(tcf())
    expect(t.consent()).toBe('pending')
    t.track('held')
    answer({ eventStatus: 'cmpuishown', purpose: { consents: {} } })
    await tick()
    expect(sent).toEqual([])
    answer({ eventStatus: 'useractioncomplete', purpose: { consents: { 1: true } } })
    expect(t.consent()).toBe('granted')
    expect(sent.map((e) => e.event)).toEqual(['held'])
    answer({ eventStatus: 'useractioncomplete', purpose: { consents: { 1: false } } })
    expect(t.consent()).toBe('denied')
    expect(localStorage.length).toBe(0)
  })

  it('keeps the site default where GDPR does not apply', () => {
    const answer = cmp()
    const { t } = start(tcf())
    answer({ gdprApplies: false, eventStatus: 'tcloaded' })
    expect(t.consent()).toBe('granted')
  })

  it('does nothing without a CMP', () => {
    const { t } = start(tcf())
    expect(t.consent()).toBe('granted')
  })
})

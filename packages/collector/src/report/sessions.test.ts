import { describe, expect, test } from 'vitest'
import { DAY, EMAIL, HOUR, MINUTE, PAID_SOCIAL, T0, visit } from '../test/report-events.js'
import { buildSessions, visitorKeys } from './sessions.js'

describe('buildSessions', () => {
  test('makes one session per browser session id and visitor, with its touch and landing page', () => {
    const events = [
      ...visit('a', T0, PAID_SOCIAL, [[0, 'page', {}, '/product'], [1, 'add_to_cart'], [2, 'page', {}, '/cart']]),
      ...visit('a', T0 + DAY, EMAIL, [[0, 'page', {}, '/cart'], [5, 'purchase']]),
      ...visit('b', T0 + 10 * MINUTE, {}, [[0, 'page', {}, '/']]),
    ]
    const sessions = buildSessions(events.reverse())
    expect(sessions.map((s) => [s.visitor, s.touch.channel, s.landingPath, s.events.length, s.start - T0])).toEqual([
      ['demo-shop|a:a', 'Paid Social', '/product', 3, 0],
      ['demo-shop|a:b', 'Direct', '/', 1, 10 * MINUTE],
      ['demo-shop|a:a', 'Email', '/cart', 2, DAY],
    ])
    expect(sessions[0].touch).toEqual({ channel: 'Paid Social', source: 'instagram', medium: 'paid_social', campaign: 'autumn-denim' })
  })

  test('takes the touch from the first page view, not from a report sent as the previous page was left', () => {
    // The vitals report of yesterday's page arrives first in the new session, marked direct by the browser.
    const [vitals] = visit('a', T0, {}, [[0, 'page_vitals', { path: '/old' }]])
    const landing = visit('a', T0, EMAIL, [[0.5, 'page', {}, '/cart']])
    const [session] = buildSessions([vitals, ...landing])
    expect(session.touch.channel).toBe('Email')
    expect(session.landingPath).toBe('/cart')
    expect(session.events).toHaveLength(2)
  })

  test('lets no background event begin a visit: a cart reported abandoned in a tab left open joins the last visit', () => {
    const visitEvents = visit('max', T0, EMAIL, [[0, 'page'], [2, 'add_to_cart']])
    // 32 minutes later the tab's timer reports the cart: the browser put it in a new, direct session.
    const later = visit('max', T0 + 32 * MINUTE, {}, [[0, 'cart_abandoned'], [1, 'page_vitals']])
    const sessions = buildSessions([...visitEvents, ...later])
    expect(sessions).toHaveLength(1)
    expect(sessions[0].events.map((e) => e.name)).toEqual(['page', 'add_to_cart', 'cart_abandoned', 'page_vitals'])
    // Without an earlier visit, it has a session of its own.
    expect(buildSessions(later)).toHaveLength(1)
  })

  test('splits events without a session id after 30 minutes of inactivity, or the gap given', () => {
    const events = visit('a', T0, {}, [[0, 'page'], [29, 'page'], [60, 'page'], [100, 'page']]).map((e) => ({ ...e, sessionId: undefined }))
    expect(buildSessions(events).map((s) => s.events.length)).toEqual([2, 1, 1])
    expect(buildSessions(events, { sessionTimeoutMs: 35 * MINUTE }).map((s) => s.events.length)).toEqual([3, 1])
  })

  test('ignores the per-page session id of cookieless events and goes by inactivity', () => {
    const events = visit('daily-key', T0, {}, [[0, 'page'], [5, 'page'], [10, 'page']]).map((e, i) => ({ ...e, cookieless: true, sessionId: T0 + i }))
    expect(buildSessions(events)).toHaveLength(1)
  })

  test('joins the visits of an anonymous id to its user once identified, across devices', () => {
    const phone = visit('phone', T0, {}, [[0, 'page'], [1, 'identify']]).map((e) => (e.name === 'identify' ? { ...e, userId: 'u-1' } : e))
    const laptop = visit('laptop', T0 + 2 * HOUR, {}, [[0, 'page']]).map((e) => ({ ...e, userId: 'u-1' }))
    const other = visit('someone', T0, {}, [[0, 'page']])
    const visitorOf = visitorKeys([...phone, ...laptop, ...other])
    expect(new Set([...phone, ...laptop].map(visitorOf))).toEqual(new Set(['demo-shop|u:u-1']))
    expect(visitorOf(other[0])).toBe('demo-shop|a:someone')
    expect(buildSessions([...phone, ...laptop]).map((s) => s.visitor)).toEqual(['demo-shop|u:u-1', 'demo-shop|u:u-1'])
  })

  test('classifies again a referrer the browser could only call a referral', () => {
    const events = visit('a', T0, { campaign: { source: 'odnoklassniki.ru', medium: 'referral' }, touchpoint: { channel: 'Referral', referrerCategory: 'referral' }, referrer: 'https://www.odnoklassniki.ru/dk' }, [[0, 'page']])
    const [session] = buildSessions(events)
    expect(session.touch).toMatchObject({ channel: 'Organic Social', medium: 'social' })
    // A blog stays a referral.
    const blog = visit('b', T0, { campaign: { source: 'trailrunning-blog.example', medium: 'referral' }, touchpoint: { channel: 'Referral', referrerCategory: 'referral' }, referrer: 'https://trailrunning-blog.example/best-tees' }, [[0, 'page']])
    expect(buildSessions(blog)[0].touch).toEqual({ channel: 'Referral', source: 'trailrunning-blog.example', medium: 'referral', campaign: '(not set)' })
  })

  test('decides the channel again with the full lists, for tagged sources the browser did not know', () => {
    // The browser's compact table does not list etsy: it could only say Paid Other.
    const etsy = visit('a', T0, { campaign: { source: 'etsy', medium: 'cpc', name: 'winter' }, touchpoint: { channel: 'Paid Other' } }, [[0, 'page']])
    expect(buildSessions(etsy)[0].touch).toEqual({ channel: 'Paid Shopping', source: 'etsy', medium: 'cpc', campaign: 'winter' })
    // A name only the compact table knows keeps its channel.
    const ai = visit('b', T0, { campaign: { source: 'perplexity', medium: 'referral' }, touchpoint: { channel: 'AI Assistant' } }, [[0, 'page']])
    expect(buildSessions(ai)[0].touch.channel).toBe('AI Assistant')
    // An analog contact is QR / Print whatever the campaign says.
    const poster = visit('c', T0, { campaign: { source: 'poster', medium: 'offline' }, touchpoint: { channel: 'QR / Print', contact: 'analog' } }, [[0, 'page']])
    expect(buildSessions(poster)[0].touch.channel).toBe('QR / Print')
  })

  test('works out the channel of an event sent without attribution', () => {
    const events = visit('a', T0, { campaign: { source: 'newsletter', medium: 'email' }, touchpoint: {} }, [[0, 'page']])
    expect(buildSessions(events)[0].touch.channel).toBe('Email')
    expect(buildSessions(visit('b', T0, { campaign: {}, touchpoint: {} }, [[0, 'page']]))[0].touch).toEqual({ channel: 'Direct', source: '(direct)', medium: '(none)', campaign: '(not set)' })
  })
})

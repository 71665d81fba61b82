import { describe, expect, it } from 'vitest'
import { DIRECT, makeTouch, remember, sameCampaign, type Journey } from './touch.js'

describe('makeTouch', () => {
  it('decides channel, contact and mode (direct when the shop made the contact or none was needed)', () => {
    expect(makeTouch(1, { source: 'google', medium: 'cpc' }, { clickId: 'g', clickIdType: 'gclid' }).touchpoint).toEqual({
      channel: 'Paid Search',
      clickId: 'g',
      clickIdType: 'gclid',
      contact: 'digital',
      mode: 'direct',
    })
    expect(makeTouch(1, DIRECT).touchpoint).toMatchObject({ channel: 'Direct', mode: 'direct', contact: 'digital' })
    expect(makeTouch(1, { source: 'poster', medium: 'qr' }).touchpoint).toMatchObject({ channel: 'QR / Print', contact: 'analog' })
    expect(makeTouch(1, DIRECT, { contact: 'analog' }).touchpoint).toMatchObject({ channel: 'QR / Print', contact: 'analog', mode: 'direct' })
    for (const [source, medium] of [['google', 'organic'], ['blog.example', 'referral'], ['chatgpt.com', 'referral'], ['awin', 'affiliate'], ['x', 'y']])
      expect(makeTouch(1, { source, medium }).touchpoint.mode, source).toBe('indirect')
    for (const [source, medium] of [['newsletter', 'email'], ['facebook', 'cpc'], ['sms', 'sms'], ['dv360', 'display']])
      expect(makeTouch(1, { source, medium }).touchpoint.mode, source).toBe('direct')
  })
})

describe('sameCampaign', () => {
  it('compares every field in any order', () => {
    expect(sameCampaign({ source: 'a', medium: 'b' }, { medium: 'b', source: 'a' })).toBe(true)
    expect(sameCampaign({ source: 'a', medium: 'b' }, { source: 'a', medium: 'b', name: 'c' })).toBe(false)
    expect(sameCampaign({ source: 'a' }, { source: 'A' })).toBe(false)
  })
})

describe('remember', () => {
  const touch = (at: number, source?: string) => makeTouch(at, source ? { source, medium: 'email' } : DIRECT)

  it('keeps the first, the last non-direct and the latest touches', () => {
    const j: Journey = { t: [] }
    remember(j, touch(1), 3)
    expect([j.f?.at, j.l?.at, j.c?.at, j.s]).toEqual([1, 1, 1, 1])
    remember(j, touch(2, 'a'), 3)
    remember(j, touch(3), 3)
    expect([j.f?.at, j.l?.at, j.c?.at]).toEqual([1, 2, 3])
    remember(j, touch(4, 'b'), 3)
    expect(j.t.map((t) => t.at)).toEqual([2, 3, 4])
    expect([j.f?.at, j.l?.at]).toEqual([1, 4])
  })

  it('replaces the touch of the same session', () => {
    const j: Journey = { t: [] }
    remember(j, touch(1), 10)
    remember(j, touch(1, 'qr'), 10)
    expect(j.t).toHaveLength(1)
    expect(j.f?.campaign.source).toBe('qr')
    expect(j.l?.campaign.source).toBe('qr')
  })
})

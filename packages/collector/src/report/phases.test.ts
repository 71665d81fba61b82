import { describe, expect, test } from 'vitest'
import { parsePhaseMapping, phaseOfSession } from './phases.js'

describe('phaseOfSession', () => {
  test('is the furthest phase the events reached, at least awareness', () => {
    expect(phaseOfSession(['page'], false)).toBe('awareness')
    expect(phaseOfSession(['page_vitals'], false)).toBe('awareness')
    expect(phaseOfSession(['page', 'view_item', 'add_to_cart', 'page'], false)).toBe('consideration')
    expect(phaseOfSession(['page', 'begin_checkout', 'checkout_error'], false)).toBe('purchase')
    expect(phaseOfSession(['purchase', 'share'], false)).toBe('advocacy')
  })

  test('puts a customer who bought before in retention, or the phase given', () => {
    expect(phaseOfSession(['page', 'purchase'], true)).toBe('retention')
    expect(phaseOfSession(['page', 'write_review'], true)).toBe('advocacy')
    expect(phaseOfSession(['page', 'purchase'], true, { repeatCustomerPhase: null })).toBe('purchase')
  })

  test('puts a first purchase after a login in purchase, and a login alone in retention', () => {
    expect(phaseOfSession(['page', 'identify', 'purchase'], false)).toBe('purchase')
    expect(phaseOfSession(['page', 'sign_up', 'begin_checkout'], false)).toBe('purchase')
    expect(phaseOfSession(['page', 'identify'], false)).toBe('retention')
    expect(phaseOfSession(['page', 'identify', 'view_item'], false)).toBe('retention')
    expect(phaseOfSession(['page', 'identify', 'purchase'], true)).toBe('retention')
    expect(phaseOfSession(['page', 'identify', 'purchase', 'share'], false)).toBe('advocacy')
  })

  test('takes a mapping merged over the defaults', () => {
    const phases = { newsletter_signup: 'advocacy', view_item: null } as const
    expect(phaseOfSession(['page', 'newsletter_signup'], false, { phases })).toBe('advocacy')
    expect(phaseOfSession(['page', 'view_item'], false, { phases })).toBe('awareness')
    expect(phaseOfSession(['page', 'add_to_cart'], false, { phases })).toBe('consideration')
  })

  test('gives event names like what every object inherits no phase, unless the mapping names them', () => {
    expect(phaseOfSession(['page', 'toString', 'constructor', '__proto__'], false)).toBe('awareness')
    const phases = parsePhaseMapping(JSON.parse('{"__proto__": "advocacy", "constructor": "consideration"}'))
    expect(phaseOfSession(['page', '__proto__'], false, { phases })).toBe('advocacy')
    expect(phaseOfSession(['page', 'constructor'], false, { phases })).toBe('consideration')
  })
})

describe('parsePhaseMapping', () => {
  test('accepts event names mapped to phases or null', () => {
    expect(parsePhaseMapping({ share: 'advocacy', page: null })).toEqual({ share: 'advocacy', page: null })
  })

  test('says what is wrong with a bad mapping', () => {
    expect(() => parsePhaseMapping(['share'])).toThrow('must be a JSON object of event name → phase')
    expect(() => parsePhaseMapping({ share: 'loyalty' })).toThrow('phase of "share" must be one of awareness, consideration, purchase, retention, advocacy or null, not "loyalty"')
  })
})

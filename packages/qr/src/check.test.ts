import { describe, expect, it } from 'vitest'
import { checkPlacement } from './check.js'
import type { Placement } from './placements.js'

const check = (p: Partial<Placement> | Record<string, unknown>, baseUrl?: string) => checkPlacement({ code: 'P1', kind: 'poster', ...p } as Placement, baseUrl)

describe('checkPlacement', () => {
  it('trims the fields, forgives the spelling of the kind and resolves the landing', () => {
    expect(check({ code: ' P1 ', kind: 'Print Ad' as never, landing: '/spring?x=1', campaign: ' spring ', source: '', location: 'Hbf' }, 'https://shop.test/de/')).toEqual({
      code: 'P1',
      kind: 'print-ad',
      landing: 'https://shop.test/spring?x=1',
      campaign: 'spring',
      source: undefined,
      location: 'Hbf',
    })
    expect(check({ kind: 'PRINT_AD' as never }, 'https://shop.test').kind).toBe('print-ad')
  })

  it('takes the base URL when a placement has no landing, and numbers as codes', () => {
    expect(check({ code: 42 as never }, 'https://shop.test/')).toMatchObject({ code: '42', landing: 'https://shop.test/' })
  })

  it('refuses codes that cannot be file names or clean URL values', () => {
    expect(() => check({ code: '' })).toThrow('code is missing')
    for (const code of ['a b', '../x', '-x', 'ä', 'x'.repeat(65), 'a/b', 'a.b'])
      expect(() => check({ code, landing: 'https://shop.test/' })).toThrow(`code "${code}" may hold only letters, digits, _ and -`)
  })

  it('refuses codes the browser cannot count: names every JavaScript object has', () => {
    for (const code of ['constructor', 'toString', 'valueOf', 'hasOwnProperty'])
      expect(() => check({ code, landing: 'https://shop.test/' })).toThrow(`code "${code}" is the name of a built-in JavaScript property`)
    expect(check({ code: 'Constructor-1', landing: 'https://shop.test/' }).code).toBe('Constructor-1')
  })

  it('refuses a kind it does not know', () => {
    expect(() => check({ kind: 'billboard' as never, landing: 'https://shop.test/' })).toThrow(
      'kind "billboard" is not one of poster, flyer, booth, packaging, print-ad',
    )
    expect(() => check({ kind: undefined, landing: 'https://shop.test/' })).toThrow('kind is not one of')
  })

  it('refuses bad landing URLs, saying what is wrong', () => {
    expect(() => check({})).toThrow('landing URL is missing (or pass a base URL)')
    expect(() => check({ landing: '/spring' })).toThrow('landing URL "/spring" is not a URL (a path needs a base URL)')
    expect(() => check({ landing: 'http//shop.test' })).toThrow('is not a URL')
    expect(() => check({ landing: 'https://' })).toThrow('landing URL "https://" is not a URL')
    for (const landing of ['htp://shop.test', 'javascript:alert(1)', 'mailto:a@b.test', 'ftp://shop.test/'])
      expect(() => check({ landing })).toThrow(`landing URL "${landing}" is not an http(s) URL`)
    expect(() => check({ landing: { href: 'x' } as never })).toThrow('landing must be text')
  })
})

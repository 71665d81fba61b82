import { describe, expect, it } from 'vitest'
import { tagUrl } from './tag-url.js'

const p = { code: 'BER-01', campaign: 'spring 2027', source: 'wall-ads' }

describe('tagUrl', () => {
  it('adds the code, the medium and the campaign, short', () => {
    expect(tagUrl('https://shop.test/spring', p)).toBe('https://shop.test/spring?tt_qr=BER-01&utm_medium=qr&utm_campaign=spring+2027')
    expect(tagUrl('https://shop.test/', { code: 'P1' })).toBe('https://shop.test/?tt_qr=P1&utm_medium=qr')
    expect(tagUrl('https://shop.test/', { code: 'P1' }, { param: 'qr' })).toBe('https://shop.test/?qr=P1&utm_medium=qr')
  })

  it('writes the full UTM set with the code as utm_content', () => {
    expect(tagUrl('https://shop.test/', p, { tag: 'utm' })).toBe(
      'https://shop.test/?utm_source=wall-ads&utm_medium=qr&utm_campaign=spring+2027&utm_content=BER-01',
    )
  })

  it('keeps the landing’s own parameters and hash, and replaces tags of the same name', () => {
    expect(tagUrl('https://shop.test/p?size=32&utm_medium=print&tt_qr=old#top', { code: 'P1' })).toBe(
      'https://shop.test/p?size=32&utm_medium=qr&tt_qr=P1#top',
    )
  })
})

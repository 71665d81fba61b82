import { describe, expect, it } from 'vitest'
import { parseCampaign, stripParams } from './campaign.js'

describe('parseCampaign', () => {
  it('reads all nine utm_ parameters into context.campaign’s names', () => {
    const url =
      'https://shop.example/?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=jeans&utm_content=ad-2&utm_id=c-1' +
      '&utm_source_platform=sa360&utm_creative_format=video&utm_marketing_tactic=prospecting'
    expect(parseCampaign(url).campaign).toEqual({
      source: 'google',
      medium: 'cpc',
      name: 'brand',
      term: 'jeans',
      content: 'ad-2',
      id: 'c-1',
      sourcePlatform: 'sa360',
      creativeFormat: 'video',
      marketingTactic: 'prospecting',
    })
  })

  it('ignores utm_ parameters GA4 does not define, and reports what it read as written', () => {
    const parsed = parseCampaign('https://shop.example/?UTM_Source=a&utm_foo=b&gclid=c&q=d')
    // utm_source is given, so the gclid implies nothing; it is still the click id.
    expect(parsed.campaign).toEqual({ source: 'a' })
    expect(parsed.clickIdType).toBe('gclid')
    expect(parsed.captured).toEqual(['UTM_Source', 'gclid'])
  })

  it('prefers the earlier click id in precedence order, not in URL order', () => {
    const parsed = parseCampaign('https://shop.example/?fbclid=f&gclid=g')
    expect([parsed.clickIdType, parsed.clickId, parsed.campaign.source]).toEqual(['gclid', 'g', 'google'])
    expect(parsed.captured).toEqual(['fbclid', 'gclid'])
  })

  it('keeps an empty click id out but still reports it for cleaning', () => {
    const parsed = parseCampaign('https://shop.example/?gclid=&utm_source=x')
    expect(parsed.clickIdType).toBeUndefined()
    expect(parsed.captured).toEqual(['gclid', 'utm_source'])
  })

  it('returns nothing for a URL it cannot parse, without throwing', () => {
    expect(parseCampaign('::not a url::')).toEqual({ campaign: {}, captured: [] })
  })
})

describe('stripParams', () => {
  it('removes the named parameters from query and hash and leaves the rest byte for byte', () => {
    expect(stripParams('https://shop.example/p?a=1%2B1&utm_source=x&b=%20#utm_medium=y', ['utm_source', 'utm_medium'])).toBe('https://shop.example/p?a=1%2B1&b=%20')
    expect(stripParams('https://shop.example/?utm_source=x', ['utm_source'])).toBe('https://shop.example/')
    expect(stripParams('https://shop.example/#/cart?utm_source=x', ['utm_source'])).toBe('https://shop.example/#/cart')
    expect(stripParams('https://shop.example/#section', ['utm_source'])).toBe('https://shop.example/#section')
  })
})

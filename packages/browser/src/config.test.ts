import { describe, expect, it } from 'vitest'
import { readConfig } from './config.js'

const tag = (attrs: Record<string, string>) => {
  const script = document.createElement('script')
  for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value)
  return script
}

describe('readConfig', () => {
  it('reads every attribute of the script tag', () => {
    expect(
      readConfig(
        tag({
          'data-endpoint': 'https://collect.example.com/collect',
          'data-site': 'shop-1',
          'data-consent': 'pending',
          'data-storage': 'cookie',
          'data-cookie-domain': '.example.com',
          'data-session-timeout-ms': '600000',
          'data-auto-page': 'false',
          'data-debug': '',
          'data-internal-domains': 'example.at example.ch',
          'data-checkout-domains': ' pay.psp.example,accounts.google.com ,  shop.app ',
        }),
      ),
    ).toEqual({
      endpoint: 'https://collect.example.com/collect',
      site: 'shop-1',
      consent: 'pending',
      storage: 'cookie',
      cookieDomain: '.example.com',
      sessionTimeoutMs: 600_000,
      debug: true,
      autoPage: false,
      internalDomains: ['example.at', 'example.ch'],
      checkoutDomains: ['pay.psp.example', 'accounts.google.com', 'shop.app'],
    })
  })

  it('leaves what is absent to the defaults, and reads no domains from an empty list', () => {
    expect(readConfig(tag({ 'data-endpoint': '/collect', 'data-debug': 'false', 'data-checkout-domains': ' , ' }))).toEqual({
      endpoint: '/collect',
      site: undefined,
      consent: undefined,
      storage: undefined,
      cookieDomain: undefined,
      sessionTimeoutMs: undefined,
      debug: false,
      autoPage: true,
      internalDomains: [],
      checkoutDomains: [],
    })
  })

  it('answers undefined without data-endpoint, or without a tag', () => {
    expect(readConfig(tag({ 'data-site': 'shop-1' }))).toBeUndefined()
    expect(readConfig(null)).toBeUndefined()
  })
})

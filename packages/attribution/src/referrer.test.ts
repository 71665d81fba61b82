import { describe, expect, it } from 'vitest'
import { classifyReferrer, compactLookup, sourceCategory, sourceHost, splitHost } from './referrer.js'

describe('splitHost', () => {
  it('finds the label a site registered under common and country second-level domains', () => {
    expect(splitHost('www.google.co.uk')).toEqual([['www', 'google', 'co', 'uk'], 1])
    expect(splitHost('shop.example')).toEqual([['shop', 'example'], 0])
    expect(splitHost('a.b.yandex.com.tr')).toEqual([['a', 'b', 'yandex', 'com', 'tr'], 2])
    expect(splitHost('t.co')).toEqual([['t', 'co'], 0])
    expect(splitHost('localhost')).toEqual([['localhost'], 0])
  })
})

describe('compactLookup', () => {
  it('tries the most specific part of the host first', () => {
    expect(compactLookup('gemini.google.com')).toBe('ai')
    expect(compactLookup('mail.google.com')).toBe('email')
    expect(compactLookup('news.google.com')).toBe('search')
    expect(compactLookup('shopping.yahoo.com')).toBe('shopping')
    expect(compactLookup('webmail1m.orange.fr')).toBe('email')
    expect(compactLookup('messagerie.orange.fr')).toBe('email')
    expect(compactLookup('go.mail.ru')).toBeUndefined()
    expect(compactLookup('deref-1und1-02.de')).toBe('email')
    expect(compactLookup('dailymail.co.uk')).toBeUndefined()
    expect(compactLookup('example.org')).toBeUndefined()
  })

  it("takes Gmail's app and web.de's dereferrer for webmail, not every site named gm or web", () => {
    expect(compactLookup('gm.android.google.com')).toBe('email')
    expect(compactLookup('deref-web.de')).toBe('email')
    expect(compactLookup('deref-web-02.de')).toBe('email')
    // General Motors, web.com and Firebase Hosting's *.web.app sites are referrals.
    expect(compactLookup('www.gm.com')).toBeUndefined()
    expect(compactLookup('www.web.com')).toBeUndefined()
    expect(compactLookup('myproject.web.app')).toBeUndefined()
  })
})

describe('sourceCategory', () => {
  it('takes names, hosts and Android packages in any case', () => {
    expect(sourceCategory('Google')).toBe('search')
    expect(sourceCategory('www.Facebook.com')).toBe('social')
    expect(sourceCategory(' x ')).toBe('social')
    expect(sourceCategory('com.google.android.youtube')).toBe('video')
    expect(sourceHost('com.google.android.gm')).toBe('gm.android.google.com')
    expect(sourceCategory('newsletter')).toBeUndefined()
  })
})

describe('classifyReferrer', () => {
  const landing = 'https://shop.example/p'

  it('names search engines as GA4 does and other sites by host', () => {
    expect(classifyReferrer('https://www.google.de/url?q=x', landing)).toEqual({ category: 'search', source: 'google', medium: 'organic' })
    expect(classifyReferrer('https://l.facebook.com/l.php?u=x', landing)).toEqual({ category: 'social', source: 'l.facebook.com', medium: 'social' })
    expect(classifyReferrer('https://www.news.example/a', landing)).toEqual({ category: 'referral', source: 'news.example', medium: 'referral' })
  })

  it('tells direct, internal and checkout returns apart', () => {
    expect(classifyReferrer('', landing)).toEqual({ category: 'direct', source: '(direct)', medium: '(none)' })
    expect(classifyReferrer('file:///C:/offer.pdf', landing).category).toBe('direct')
    expect(classifyReferrer('https://shop.example/cart', landing).category).toBe('internal')
    expect(classifyReferrer('https://www.paypal.com/webapps', landing).category).toBe('checkout')
    expect(classifyReferrer('https://acs2.bank.example/3ds/challenge', landing).category).toBe('checkout')
    expect(classifyReferrer('https://mollie.com/checkout', landing).category).toBe('checkout')
    // Amazon Pay sends buyers back from payments.amazon.<country>: no shopping visit from Amazon.
    expect(classifyReferrer('https://payments.amazon.de/checkout/processing', landing).category).toBe('checkout')
    expect(classifyReferrer('https://pay.amazon.com/', landing).category).toBe('checkout')
    expect(classifyReferrer('https://www.amazon.de/dp/B0', landing).category).toBe('shopping')
    // A provider's label anywhere in the host: a checkout hosted on a platform's subdomain returns too.
    expect(classifyReferrer('https://checkout.shopify.com/1/checkouts/c', landing).category).toBe('checkout')
  })

  it('treats configured domains and their subdomains, not look-alikes', () => {
    const options = { internalDomains: ['brand.example'], checkoutDomains: ['psp.example'] }
    expect(classifyReferrer('https://blog.brand.example/', landing, options).category).toBe('internal')
    expect(classifyReferrer('https://notbrand.example/', landing, options).category).toBe('referral')
    expect(classifyReferrer('https://psp.example/pay', landing, options).category).toBe('checkout')
  })

  it('looks Android apps up by their package and reports the package', () => {
    expect(classifyReferrer('android-app://com.google.android.gm', landing)).toEqual({ category: 'email', source: 'com.google.android.gm', medium: 'email' })
    expect(classifyReferrer('android-app://org.telegram.messenger/', landing)).toEqual({ category: 'social', source: 'org.telegram.messenger', medium: 'social' })
  })

  it('uses the lookup it is given', () => {
    expect(classifyReferrer('https://partner.example/', landing, {}, (host) => (host == 'partner.example' ? 'paid' : undefined))).toEqual({
      category: 'paid',
      source: 'partner.example',
      medium: 'cpc',
    })
  })
})

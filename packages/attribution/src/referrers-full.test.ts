// @vitest-environment node
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { channelGroup } from './channel.js'
import { classifyReferrerFull, fullLookup, sourceCategoryFull } from './referrers-full.js'

// Third-party test data, read in place and never copied into the repo (GPL-3.0; see ../shared/data/README.md).
const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data')
const read = (name: string) => readFileSync(join(DATA, name), 'utf8')

interface SnowplowCase {
  spec: string
  uri: string
  medium: string
  source: string | null
}

/** Snowplow's mediums in touchtrail's categories. */
const CATEGORY: Record<string, string> = { search: 'search', social: 'social', email: 'email', chatbot: 'ai', paid: 'paid', internal: 'internal' }

/**
 * Every case where the collector's classifier says something else than Snowplow's suite, with the
 * reason. A new disagreement fails the test, and so does one listed here that went away.
 */
const DISAGREEMENTS: Record<string, { ours: string; reason: string }> = {
  'AOL search.com': { ours: 'referral', reason: 'Matomo lists AOL’s de.aolsearch.com but not aolsearch.com itself, and GA4 only the name `aol`' },
  'PriceRunner search': { ours: 'referral', reason: 'a price-comparison site; on neither Matomo’s search list nor GA4’s lists' },
  'Dale search': { ours: 'referral', reason: 'dalesearch.com, a browser-hijacker search page, is on neither Matomo’s nor GA4’s lists' },
}

describe('the full referrer classifier (what the collector uses)', () => {
  const cases: SnowplowCase[] = JSON.parse(read('snowplow-referer-tests.json'))

  it('agrees with Snowplow’s public referrer suite on at least 90 % of its 118 cases, and every disagreement is known', () => {
    expect(cases).toHaveLength(118)
    const disagree: Record<string, { ours: string; theirs: string }> = {}
    for (const c of cases) {
      const ours = classifyReferrerFull(c.uri, 'https://shop.example/').category
      if (ours != CATEGORY[c.medium]) disagree[c.spec] = { ours, theirs: CATEGORY[c.medium] }
    }
    expect(Object.keys(disagree).sort()).toEqual(Object.keys(DISAGREEMENTS).sort())
    for (const [spec, d] of Object.entries(disagree)) expect(d.ours, spec).toBe(DISAGREEMENTS[spec].ours)
    const agreement = 1 - Object.keys(disagree).length / cases.length
    expect(agreement).toBeGreaterThanOrEqual(0.9)
  })

  it('calls Snowplow’s internal cases internal when the landing is on the same site', () => {
    const internal: SnowplowCase[] = JSON.parse(read('snowplow-referer-tests-internal.json'))
    expect(internal).toHaveLength(4)
    for (const c of internal) expect(classifyReferrerFull(c.uri, 'https://www.snowplowanalytics.com/').category, c.spec).toBe('internal')
  })

  it('knows hosts by their most specific list entry: paths, subdomains, wildcards and Android packages', () => {
    expect(fullLookup('x.com', '/i/grok/share')).toBe('ai')
    expect(fullLookup('x.com', '/someone/status/1')).toBe('social')
    expect(fullLookup('images.google.co.uk')).toBe('search')
    expect(fullLookup('gemini.google.com')).toBe('ai')
    expect(fullLookup('mail.google.com')).toBe('email')
    expect(fullLookup('uk.search-results.com')).toBe('search')
    expect(fullLookup('vimeo.com')).toBe('video')
    expect(fullLookup('my-shop.example')).toBeUndefined()
    expect(classifyReferrerFull('android-app://com.reddit.frontpage/', 'https://shop.example/')).toEqual({
      category: 'social',
      source: 'com.reddit.frontpage',
      medium: 'social',
    })
    expect(classifyReferrerFull('android-app://com.google.android.googlequicksearchbox/https/www.google.com', 'https://shop.example/').category).toBe('search')
  })

  it('still returns a payment provider as a checkout return, though GA4 lists Stripe as shopping', () => {
    expect(sourceCategoryFull('checkout.stripe.com')).toBe('shopping')
    expect(classifyReferrerFull('https://checkout.stripe.com/c/pay/cs_live_1', 'https://shop.example/').category).toBe('checkout')
  })
})

describe('channelGroup with the full lists', () => {
  const rows = read('ga4-source-categories.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',') as [string, string])

  it('puts every source of GA4’s source-category list in its organic and its paid channel', () => {
    expect(rows).toHaveLength(819)
    const wrong: string[] = []
    for (const [source, category] of rows) {
      const kind = { SOURCE_CATEGORY_SEARCH: 'Search', SOURCE_CATEGORY_SOCIAL: 'Social', SOURCE_CATEGORY_SHOPPING: 'Shopping', SOURCE_CATEGORY_VIDEO: 'Video' }[category]
      const organic = channelGroup({ source, medium: 'referral' }, sourceCategoryFull)
      const paid = channelGroup({ source, medium: 'cpc' }, sourceCategoryFull)
      if (organic != `Organic ${kind}` || paid != `Paid ${kind}`) wrong.push(`${source}: ${organic}, ${paid}`)
    }
    expect(wrong).toEqual([])
  })

  it('matches sources in any case and with www., as GA4 does', () => {
    expect(channelGroup({ source: 'IGShopping', medium: 'CPC' }, sourceCategoryFull)).toBe('Paid Shopping')
    expect(channelGroup({ source: 'Google Shopping', medium: 'organic' }, sourceCategoryFull)).toBe('Organic Shopping')
    expect(channelGroup({ source: 'www.Pinterest.de', medium: 'referral' }, sourceCategoryFull)).toBe('Organic Social')
    expect(channelGroup({ source: 'chat.mistral.ai', medium: 'referral' }, sourceCategoryFull)).toBe('AI Assistant')
  })
})

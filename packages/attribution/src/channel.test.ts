// @vitest-environment node
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CHANNELS, channelGroup } from './channel.js'
import { sourceCategory } from './referrer.js'

describe('channelGroup', () => {
  it('lists GA4’s default channel groups in GA4’s order, with QR / Print first and AI Assistant before the organic ones', () => {
    expect(CHANNELS).toEqual([
      'QR / Print',
      'Direct',
      'Cross-network',
      'Paid Shopping',
      'Paid Search',
      'Paid Social',
      'Paid Video',
      'Display',
      'Paid Other',
      'AI Assistant',
      'Organic Shopping',
      'Organic Social',
      'Organic Video',
      'Organic Search',
      'Referral',
      'Email',
      'Affiliates',
      'Audio',
      'SMS',
      'Mobile Push Notifications',
      'Unassigned',
    ])
  })

  it('calls a touch with no source and no medium direct, whatever its campaign name', () => {
    expect(channelGroup({})).toBe('Direct')
    expect(channelGroup({ source: '(direct)', medium: '(not set)' })).toBe('Direct')
    expect(channelGroup({ name: 'shopping-week' })).toBe('Direct')
    expect(channelGroup({ source: '(direct)', medium: 'email' })).toBe('Email')
  })

  it('applies the rules in order: the first that matches wins', () => {
    // Cross-network before everything paid; paid shopping before paid search; Display before Paid Other.
    expect(channelGroup({ source: 'google', medium: 'cpc', name: 'x-cross-network' })).toBe('Cross-network')
    expect(channelGroup({ source: 'google', medium: 'cpc', name: 'shopping' })).toBe('Paid Shopping')
    expect(channelGroup({ source: 'unknown', medium: 'cpm' })).toBe('Display')
    expect(channelGroup({ source: 'google', medium: 'cpm' })).toBe('Paid Search')
    // Organic shopping before organic social; organic video before organic search; referral before email.
    expect(channelGroup({ source: 'facebook', medium: 'post', name: 'shop-the-look' })).toBe('Organic Shopping')
    expect(channelGroup({ source: 'youtube', medium: 'organic' })).toBe('Organic Video')
    expect(channelGroup({ source: 'email', medium: 'referral' })).toBe('Referral')
    expect(channelGroup({ source: 'sms', medium: 'affiliate' })).toBe('Affiliates')
    // GA4's rule is the medium affiliate exactly.
    expect(channelGroup({ source: 'partner', medium: 'affiliates' })).toBe('Unassigned')
  })

  it('reads paid media with GA4’s regex ^(.*cp.*|ppc|retargeting|paid.*)$', () => {
    for (const medium of ['cpc', 'CPC', 'cpv', 'cpa', 'ocpm', 'ppc', 'retargeting', 'paid', 'paid_social', 'Paid-Search'])
      expect(channelGroup({ source: 'bing', medium }), medium).toBe('Paid Search')
    for (const medium of ['pc', 'prepaid', 'retarget', 'ppc2']) expect(channelGroup({ source: 'partner', medium }), medium).not.toMatch(/^Paid/)
  })

  it('puts analog contacts and print media in QR / Print, before every digital channel', () => {
    expect(channelGroup({ source: 'google', medium: 'cpc', contact: 'analog' })).toBe('QR / Print')
    expect(channelGroup({ contact: 'analog' })).toBe('QR / Print')
    for (const medium of ['qr', 'QR', 'qrcode', 'qr-code', 'qr_code', 'print', 'offline', 'poster', 'flyer']) expect(channelGroup({ source: 'shop', medium }), medium).toBe('QR / Print')
    expect(channelGroup({ source: 'google', medium: 'cpc', contact: 'digital' })).toBe('Paid Search')
  })

  it('gives AI assistants their own channel unless the medium is paid', () => {
    for (const source of ['chatgpt.com', 'chat.openai.com', 'perplexity', 'perplexity.ai', 'gemini.google.com', 'copilot.microsoft.com', 'claude.ai', 'deepseek'])
      expect(channelGroup({ source, medium: 'referral' }), source).toBe('AI Assistant')
    expect(channelGroup({ source: 'chatgpt.com', medium: 'cpc' })).toBe('Paid Other')
    expect(channelGroup({ source: 'google.com', medium: 'referral' })).toBe('Organic Search')
  })

  it('counts a webmail source as email, which GA4 cannot (it has no mail list)', () => {
    expect(channelGroup({ source: 'mail.google.com' })).toBe('Email')
    expect(channelGroup({ source: 'gmx', medium: 'newsletter' })).toBe('Email')
  })
})

describe('the compact table', () => {
  const here = dirname(fileURLToPath(import.meta.url))
  const rows = readFileSync(join(here, '../../../../shared/data/ga4-source-categories.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',') as [string, string])

  /**
   * Where the compact table knowingly differs from GA4: mail hosts of search companies are webmail to
   * touchtrail (GA4 calls them search), and the table reads every host under a search engine's domain as
   * that search engine, so these community products of Google and Yahoo (social to GA4) are search until
   * the collector re-classifies them with the full lists.
   */
  const KNOWN: Record<string, string> = {
    'email.seznam.cz': 'email',
    'mail.rambler.ru': 'email',
    'mail.yandex.ru': 'email',
    ...Object.fromEntries(
      [
        'answers.yahoo.com',
        'blog.yahoo.co.jp',
        'bookmarks.yahoo.co.jp',
        'bookmarks.yahoo.com',
        'chiebukuro.yahoo.co.jp',
        'groups.google.com',
        'messages.google.com',
        'messages.yahoo.co.jp',
        'plus.google.com',
        'plus.url.google.com',
        'pulse.yahoo.com',
        'sites.google.com',
      ].map((host) => [host, 'search']),
    ),
  }

  it('never contradicts GA4’s source categories, except where it knowingly generalises', () => {
    const contradictions: string[] = []
    let known = 0
    for (const [source, category] of rows) {
      const ours = sourceCategory(source)
      if (!ours) continue
      known++
      if (ours != category.replace('SOURCE_CATEGORY_', '').toLowerCase()) contradictions.push(`${source}: ${ours} (GA4: ${category})`)
    }
    expect(contradictions.map((c) => c.split(':')[0]).sort()).toEqual(Object.keys(KNOWN).sort())
    for (const c of contradictions) expect(c.split(':')[1].split(' ')[1]).toBe(KNOWN[c.split(':')[0]])
    // It is compact, yet knows the big names GA4 lists in every category.
    expect(known).toBeGreaterThan(100)
    for (const source of ['google', 'bing', 'facebook', 'instagram', 'ig', 'fb', 'tiktok', 'youtube', 'amazon', 'ebay', 't.co', 'lnkd.in', 'm.youtube.com'])
      expect(sourceCategory(source), source).toBeDefined()
  })
})

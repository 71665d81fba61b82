import { classifyReferrer, compactLookup, lower, sourceHost, splitHost, type ReferrerInfo, type ReferrerOptions, type SourceCategory, type SourceLookup } from './referrer.js'
import { GA4, MATOMO } from './referrers-data.js'

/**
 * touchtrail's own lists, for what Matomo's and GA4's lists leave out: webmail providers (their `mail.`
 * hosts need no entry: the compact table's rule finds them), ad networks' click redirects, AI assistants,
 * link-in-bio pages, and idealo, a price comparison the browser's table used to know. Same notation as
 * the generated data: hosts cover their subdomains, `{}` any run of labels.
 */
const OWN: Record<string, string> = {
  ai: 'character.ai poe.com pi.ai phind.com huggingface.co/chat bing.com/chat copilot.cloud.microsoft kimi.com chat.z.ai',
  email:
    'gmx.{} web.de mail.com gmail.com outlook.com hotmail.com proton.me protonmail.com tutanota.com tuta.com fastmail.com bluewin.ch e.mail.ru gm.android.google.com',
  paid: 'doubleclick.net googlesyndication.com googleadservices.com adsensecustomsearchads.com syndicatedsearch.goog trc.taboola.com paid.outbrain.com',
  shopping: 'idealo.{}',
  social: 'lnk.bio linktr.ee',
}

interface Index {
  /** host → category; a host covers its subdomains. */
  _hosts: Map<string, SourceCategory>
  /** host → [path prefix, category] for entries that name a path (`x.com/i/grok`). */
  _paths: Map<string, [string, SourceCategory][]>
  /** `{}` patterns. */
  _patterns: [RegExp, SourceCategory][]
  /** GA4's sources as written (lower case): names such as `ig` and hosts. */
  _ga4: Map<string, SourceCategory>
}
let index: Index | undefined

/** Build the lookup tables once, on first use. Earlier lists win: AI, ours, GA4, Matomo's social, Matomo's search. */
function load(): Index {
  if (index) return index
  const ix: Index = { _hosts: new Map(), _paths: new Map(), _patterns: [], _ga4: new Map() }
  const add = (entry: string, category: SourceCategory) => {
    const slash = entry.indexOf('/')
    const host = slash < 0 ? entry : entry.slice(0, slash)
    if (host.includes('{}')) {
      const re = host.replace(/[.]/g, '\\.').replace(/\{\}/g, '.+')
      ix._patterns.push([new RegExp(`^(.+\\.)?${re}$`), category])
    } else if (slash >= 0) {
      const list = ix._paths.get(host) || []
      ix._paths.set(host, [...list, [entry.slice(slash), category]])
    } else if (!ix._hosts.has(host)) ix._hosts.set(host, category)
  }
  const lists: [string, SourceCategory][] = [
    [MATOMO.ai, 'ai'],
    [OWN.ai, 'ai'],
    [OWN.email, 'email'],
    [OWN.paid, 'paid'],
    [OWN.shopping, 'shopping'],
    [OWN.social, 'social'],
  ]
  for (const [words, category] of lists) for (const word of words.split(' ')) add(word, category)
  for (const category of ['search', 'social', 'shopping', 'video'] as const)
    for (const source of GA4[category].split('|')) {
      ix._ga4.set(source, category)
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(source)) add(source, category)
    }
  for (const word of MATOMO.social.split(' ')) add(word, 'social')
  for (const word of MATOMO.search.split(' ')) add(word, 'search')
  return (index = ix)
}

/**
 * The full lookup, for the collector: Matomo's search engines, social networks and AI assistants
 * (CC0), the hosts on Google's GA4 source-category list, and touchtrail's own lists of webmail, ad
 * networks and AI assistants. Webmail first, by the compact table's rule (a `mail` label left of the
 * registered one, a dereferrer, the big providers); then from the most specific host part to the least,
 * a path entry or a host entry; then the `{}` patterns (`google.{}` is every Google).
 *
 * @example
 * fullLookup('s3.us.ixquick.com') // 'search'
 */
export const fullLookup: SourceLookup = (host, path = '/') => {
  const ix = load()
  if (compactLookup(host) == 'email') return 'email'
  const [labels, b] = splitHost(host)
  for (let i = 0; i <= b; i++) {
    const part = labels.slice(i).join('.')
    const hit = ix._paths.get(part)?.find(([prefix]) => path.startsWith(prefix))?.[1] || ix._hosts.get(part)
    if (hit) return hit
  }
  return ix._patterns.find(([re]) => re.test(host))?.[1]
}

/**
 * The list a campaign source is on, with the full lists: GA4's list as written first (so `ig`,
 * `Google Shopping` and `m.facebook.com` count as GA4 counts them), then the full lookup of the
 * source as a host, then the browser's compact table (a few names, such as `perplexity`, are only
 * there): a superset of what the browser knew. The collector's `categoryOf` for `channelGroup`.
 *
 * @example
 * channelGroup({ source: 'IGShopping', medium: 'cpc' }, sourceCategoryFull) // 'Paid Shopping'
 */
export function sourceCategoryFull(source: string): SourceCategory | undefined {
  const host = sourceHost(source)
  return load()._ga4.get(lower(source)) || fullLookup(host) || compactLookup(host)
}

/**
 * {@link classifyReferrer} with the full lists: what the collector uses to re-classify a referrer the
 * browser's compact table did not know.
 *
 * @example
 * classifyReferrerFull('https://www.odnoklassniki.ru/dk', 'https://shop.example/') // { category: 'social', … }
 */
export function classifyReferrerFull(referrer: string, landing = '', options: ReferrerOptions = {}): ReferrerInfo {
  return classifyReferrer(referrer, landing, options, fullLookup)
}

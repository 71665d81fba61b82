/**
 * Which list a referrer or a source is on. GA4 has lists for `search`, `social`, `shopping` and
 * `video`; touchtrail adds webmail (`email`), AI assistants (`ai`) and, in the full lists only, ad
 * networks' click redirects (`paid`).
 */
export type SourceCategory = 'search' | 'social' | 'email' | 'shopping' | 'video' | 'ai' | 'paid'

/**
 * Finds a host on a list. The host is in lower case without `www.`; an Android app's package is
 * reversed into a host (`com.google.android.gm` is asked as `gm.android.google.com`). `path` lets a
 * list tell `x.com/i/grok` from `x.com`.
 */
export type SourceLookup = (host: string, path?: string) => SourceCategory | undefined

/** What a referrer says about how the visitor came. */
export interface ReferrerInfo {
  /**
   * `direct`: no referrer; `internal`: this site (same registered domain, or `internalDomains`);
   * `checkout`: a payment provider sending the visitor back (never a new campaign); `referral`: any
   * other site; else the list it is on.
   */
  category: SourceCategory | 'internal' | 'referral' | 'direct' | 'checkout'
  /**
   * A search engine's name as GA4 spells it (`google`, `bing`: the registered label); else the host
   * without `www.` (`l.facebook.com`), an app's package name, or `(direct)`.
   */
  source: string
  /** `organic` (search), `social`, `email`, `cpc` (paid), `(none)` (direct), else `referral`. */
  medium: string
}

/** Options of {@link classifyReferrer}. */
export interface ReferrerOptions {
  /** More domains of this site (with their subdomains): a visitor coming from them is no new touch. @default [] */
  internalDomains?: string[]
  /** More payment or checkout domains (with their subdomains) that send buyers back: never a new campaign. @default [] */
  checkoutDomains?: string[]
}

/** The categories of the compact table, in the order of its groups. */
const CATEGORIES: SourceCategory[] = ['search', 'social', 'email', 'shopping', 'video', 'ai']

// The compact built-in table: the referrers a shop sees most, one group per category in the order of
// CATEGORIES. It is matched against the host without its public suffix (`mail.google`, `www.amazon`,
// `x`), and the leftmost label on it decides: `google` is www.google.de, images.google.com and
// utm_source=google; `gemini.google.com` is an AI assistant and `mail.google.com` webmail before either
// is Google; `x$` is x.com and utm_source=x (the registered label only). Webmail needs no list: a label
// with `mail` in it (or `messagerie`) left of the registered one (`mail.yahoo.com`, `webmail1m.orange.fr`,
// not `dailymail.co.uk`), or a dereferrer (`deref-gmx.net`, the link-redirect hosts of GMX, web.de and
// 1&1). The collector's full lookup takes its webmail from here too, and re-classifies what this table
// does not know with the full lists (`./referrers-full`).
// Size hack: one regular expression, no table to build, no loop.
const LISTS =
  /(?:^|\.)(?:(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|startpage)|(facebook|(?:fb|ig|t|x)$|instagram|linkedin|lnkd|twitter|pinterest|reddit|tiktok|snapchat|threads|whatsapp|telegram|ycombinator)|((?:[\w-]*mail|messagerie)[\w-]*(?=\.)|gmail|deref[\w-]*|gmx|outlook|gm(?=\.android))|(amazon|ebay|walmart|shopping)|(youtube|youtu|vimeo|twitch)|(chatgpt|chat\.openai|perplexity|gemini\.google|copilot|claude|deepseek))(?![^.])/

/**
 * Finds the registered domain at the end of a host: `[0]` it with its public suffix (`google.co.uk`),
 * `[1]` the label its owner registered (`google`), `index` where that label starts. An approximation of
 * the Public Suffix List in a few bytes: a country's `co.`, `com.`, `net.`, … second level, else the last
 * label.
 */
const SITE = /([^.]*)(\.((com?|net|org|gov|edu|ac|or|ne|go|gv)\.)?[^.]+)?$/
const site = (host: string) => SITE.exec(host)!

/**
 * A host's labels and the index of the label its owner registered: `www.google.co.uk` → 1 (`google`).
 */
export function splitHost(host: string): [labels: string[], registered: number] {
  const labels = host.split('.')
  return [labels, labels.length - site(host)[0].split('.').length]
}

/**
 * The compact built-in lookup (the browser's): the category of the leftmost label of `host` (public
 * suffix aside) on the compact table.
 */
export const compactLookup: SourceLookup = (host) => {
  const s = site(host)
  const m = LISTS.exec(host.slice(0, s.index + s[1].length))
  if (m) return CATEGORIES[m.slice(1).findIndex((group) => group)]
}

/** Trimmed and in lower case, as every name is compared here; `''` for none. */
export const lower = (s = ''): string => s.trim().toLowerCase()

/** Lower case, without `www.`: a host as sources are written. */
const bare = (host?: string) => lower(host).replace(/^www\d*\./, '')

/** An Android app's package (`com.google.android.gm`, as GA4 reports app referrers) reversed into a host. */
const app = (host: string) => (/^(com|org)\.[^.]+\.[^.]/.test(host) ? host.split('.').reverse().join('.') : host)

/**
 * A source as a host: lower case, without `www.`; an Android app's package (`com.google.android.gm`,
 * as GA4 reports app referrers) reversed into one.
 */
export function sourceHost(source: string): string {
  return app(bare(source))
}

/**
 * The list a campaign source is on, by the compact table: `google`, `Google`, `m.facebook.com`, `x`,
 * `com.linkedin.android`. The default lookup of `channelGroup`.
 *
 * @example
 * sourceCategory('l.instagram.com') // 'social'
 */
export function sourceCategory(source: string): SourceCategory | undefined {
  return compactLookup(sourceHost(source))
}

const MEDIUM: Record<string, string> = { search: 'organic', social: 'social', email: 'email', paid: 'cpc', direct: '(none)' }

/**
 * Classify a referrer for a landing page: direct (none, or no host), internal, a checkout return (a host
 * with a PayPal, Klarna, Stripe, Adyen, Mollie, `checkout`, Cardinal or Arcot label, 3-D Secure pages on
 * `acs…` and `3ds…` hosts), a listed site (Google search is `google` / `organic`), or a referral
 * (`news.example.com` / `referral`). Android apps (`android-app://com.google.android.gm`) are looked up by
 * their package. Pure: no DOM; the collector passes the full lists as `lookup`.
 *
 * @param lookup @default the compact built-in table
 * @example
 * classifyReferrer('https://www.google.de/', 'https://shop.example/') // { category: 'search', source: 'google', medium: 'organic' }
 */
export function classifyReferrer(
  referrer: string,
  landing = '',
  { internalDomains = [], checkoutDomains = [] }: ReferrerOptions = {},
  lookup: SourceLookup = compactLookup,
): ReferrerInfo {
  let url: URL | undefined
  let home = ''
  try {
    url = new URL(referrer)
    home = new URL(landing).hostname
  } catch {}
  const name = bare(url?.hostname)
  const host = app(name)
  const s = site(host)
  const on = (domains: string[]) => domains.some((d) => ('.' + host).endsWith('.' + d))
  const category: ReferrerInfo['category'] =
    // No referrer, or one without a host (about:, file:, garbage): the visitor came directly.
    !name
      ? 'direct'
      : s[0] == site(home)[0] || on(internalDomains)
        ? 'internal'
        : // A payment provider's label (`www.paypal.com`, `checkout.stripe.com`, Amazon Pay's `payments.amazon.de`)
          // or a 3-D Secure host (`acs2.bank.example`).
          /(^|\.)(paypal|klarna|stripe|adyen|mollie|checkout|cardinalcommerce|arcot|(acs|3ds)[^.]*|pay(ments)?\.amazon)\./.test(host) || on(checkoutDomains)
          ? 'checkout'
          : lookup(host, url!.pathname) || 'referral'
  return {
    category,
    source: category == 'direct' ? '(direct)' : category == 'search' && host == name ? s[1] : name,
    medium: MEDIUM[category] || 'referral',
  }
}

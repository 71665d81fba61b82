import type { CampaignContext } from '@touchtrail/core'

/** Options of {@link parseCampaign}. */
export interface CampaignOptions {
  /**
   * More query parameters to keep in `context.campaign` under their own (lower-case) name, e.g.
   * `['gad_source', 'promo']`. @default []
   */
  params?: string[]
  /**
   * Other names for the campaign fields: parameter → field of `context.campaign`
   * (`source`, `medium`, `name`, `term`, `content`, `id`, …), e.g. `{ ref: 'source', mtm_campaign: 'name' }`.
   * `utm_*` wins when both are present. @default {}
   */
  aliases?: Record<string, string>
}

/** What a landing URL says. */
export interface ParsedCampaign {
  /**
   * From the `utm_*` parameters (`utm_campaign` is `name`; `utm_source_platform` is `sourcePlatform`,
   * and so on), aliases and extra params; without `utm_source`, the source and medium a click id implies.
   */
  campaign: CampaignContext
  /** The ad platform's click id, e.g. the value of `gclid`. */
  clickId?: string
  /** Its parameter name: `gclid`, `fbclid`, `msclkid`, … */
  clickIdType?: string
  /** The parameter names as written in the URL that were read (what `cleanUrl` removes). */
  captured: string[]
}

/** The nine `utm_*` parameters GA4 reads, without the prefix. */
const UTM = 'source medium campaign term content id source_platform creative_format marketing_tactic'

/**
 * Click ids in order of precedence as `id:source[:medium]` (medium `cpc` unless given): the source and
 * medium each implies. Ad platforms add them to ad clicks; Facebook adds `fbclid` and Instagram
 * `igshid` to every outbound link, paid or not; Google's `srsltid` marks free product listings.
 */
export const CLICK_IDS =
  'gclid:google gbraid:google wbraid:google dclid:google:display msclkid:bing ttclid:tiktok li_fat_id:linkedin twclid:twitter epik:pinterest rdt_cid:reddit sccid:snapchat yclid:yandex fbclid:facebook:social igshid:instagram:social srsltid:google:organic'

/**
 * Read campaign parameters and click ids from a landing URL, in its query and in its hash
 * (`#utm_source=x`, `#/route?utm_source=x`): parameter names in any case, values decoded, trimmed and
 * cut to 500 characters (the collector's limit), empty values ignored. The first value of a field
 * wins, and `utm_*` wins over an alias.
 *
 * @example
 * parseCampaign('https://shop.example/?UTM_SOURCE=Newsletter&utm_medium=email&utm_campaign=spring%20sale')
 * // { campaign: { source: 'Newsletter', medium: 'email', name: 'spring sale' }, captured: [...] }
 */
export function parseCampaign(url: string, { aliases = {}, params = [] }: CampaignOptions = {}): ParsedCampaign {
  const lower = (s: string) => s.trim().toLowerCase()
  const ids = CLICK_IDS.split(' ').map((entry) => entry.split(':'))
  const utm: CampaignContext = {}
  const other: CampaignContext = {}
  const clicks: Record<string, string> = {}
  const captured: string[] = []
  let pairs: [string, string][] = []
  try {
    const u = new URL(url)
    pairs = [...u.searchParams, ...new URLSearchParams(u.hash.replace(/^#[^?]*\?|^#/, ''))]
  } catch {}
  for (const [key, raw] of pairs) {
    const k = lower(key)
    const value = raw.trim().slice(0, 500)
    const u = k.slice(4)
    const alias = Object.keys(aliases).find((a) => lower(a) == k)
    const field =
      k == 'utm_' + u && UTM.split(' ').includes(u)
        ? u == 'campaign'
          ? 'name'
          : u.replace(/_(.)/g, (_, c: string) => c.toUpperCase())
        : alias
          ? aliases[alias]
          : params.some((p) => lower(p) == k) && k
    const click = ids.some(([id]) => id == k)
    if (field || click) captured.push(key)
    if (value && field) (k == 'utm_' + u ? utm : other)[field] ??= value
    if (value && click) clicks[k] ??= value
  }
  const campaign: CampaignContext = { ...other, ...utm }
  const result: ParsedCampaign = { campaign, captured }
  const hit = ids.find(([id]) => clicks[id])
  if (hit) {
    result.clickId = clicks[hit[0]]
    result.clickIdType = hit[0]
    // "A gclid with no UTMs is google / cpc": the platform's own tagging fills in what the UTMs leave out.
    if (!campaign.source) {
      campaign.source = hit[1]
      campaign.medium ||= hit[2] || 'cpc'
    }
  }
  return result
}

/**
 * The URL without the given parameters (names as written), in its query and in its hash; every
 * other parameter is left byte for byte as it was.
 *
 * @example
 * stripParams('https://shop.example/p?id=7&utm_source=x#top', ['utm_source']) // 'https://shop.example/p?id=7#top'
 */
export function stripParams(url: string, names: string[]): string {
  const drop = (part: string) =>
    part
      .split('&')
      .filter((pair) => !names.includes([...new URLSearchParams(pair).keys()][0]))
      .join('&')
  const u = new URL(url)
  u.search = drop(u.search.slice(1))
  u.hash = u.hash.replace(/^(#[^?]*\?|#)(.*)/, (_, head: string, rest: string) => ((rest = drop(rest)) ? head + rest : head.slice(0, -1)))
  return u.href
}

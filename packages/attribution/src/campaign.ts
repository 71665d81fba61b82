import type { CampaignContext } from '@touchtrail/core'
import { lower } from './referrer.js'

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
 * The name and the decoded value of one piece of a URL between separators (`?`, `&`, `#`), as
 * `URLSearchParams` reads them: `utm_source=a%20b` is `['utm_source', 'a b']`. Size hack: the query,
 * a hash of parameters (`#utm_source=x`) and a hash route's query (`#/route?utm_source=x`) are all
 * read by splitting at every separator, as `stripParams` cuts them out.
 */
const pair = (piece: string): string[] => [...new URLSearchParams(piece)][0] || ['', '']

/**
 * Read campaign parameters and click ids from a landing URL, in its query and in its hash
 * (`#utm_source=x`, `#/route?utm_source=x`): parameter names in any case, values decoded, trimmed and
 * cut to 500 characters (the collector's limit), empty values ignored. The first non-empty value of a
 * parameter wins, `utm_*` wins over an alias, and an earlier alias over a later one.
 *
 * @example
 * parseCampaign('https://shop.example/?UTM_SOURCE=Newsletter&utm_medium=email&utm_campaign=spring%20sale')
 * // { campaign: { source: 'Newsletter', medium: 'email', name: 'spring sale' }, captured: [...] }
 */
export function parseCampaign(url: string, { aliases = {}, params = [] }: CampaignOptions = {}): ParsedCampaign {
  const ids = CLICK_IDS.split(' ').map((entry) => entry.split(':'))
  // Parameter (lower case) → field of context.campaign, in order of precedence: utm_*, aliases, params;
  // click ids are read too, into no field.
  const fields = new Map<string, string>(ids.map(([id]) => [id, '']))
  for (const u of UTM.split(' ')) fields.set('utm_' + u, u == 'campaign' ? 'name' : u.replace(/_(.)/g, (_, c: string) => c.toUpperCase()))
  for (const a in aliases) fields.set(lower(a), aliases[a])
  for (const p of params) fields.set(lower(p), lower(p))
  const values: Record<string, string> = {}
  const campaign: CampaignContext = {}
  const captured: string[] = []
  // The query's pairs come before the hash's, so the query wins.
  for (const piece of url.split(/[?&#]/)) {
    const [key, value] = pair(piece)
    const k = lower(key)
    if (fields.has(k)) {
      captured.push(key)
      values[k] ||= value.trim().slice(0, 500)
    }
  }
  for (const [k, field] of fields) if (field && values[k]) campaign[field] ||= values[k]
  // "A gclid with no UTMs is google / cpc": the platform's own tagging fills in what the UTMs leave out.
  const [id, source, medium = 'cpc'] = ids.find(([id]) => values[id]) || []
  if (id) imply(campaign, source, medium)
  return { campaign, clickId: id && values[id], clickIdType: id, captured }
}

/**
 * Fill in the source and medium that the platform's own tagging or the referrer implies, unless the
 * campaign names its source: an explicit `utm_medium` stays.
 */
export function imply(campaign: CampaignContext, source: string, medium: string): void {
  if (!campaign.source) {
    campaign.source = source
    campaign.medium ||= medium
  }
}

/**
 * The URL without the given parameters (names as written), in its query and in its hash; every
 * other parameter is left byte for byte as it was.
 *
 * @example
 * stripParams('https://shop.example/p?id=7&utm_source=x#top', ['utm_source']) // 'https://shop.example/p?id=7#top'
 */
export function stripParams(url: string, names: string[]): string {
  // Size hack: split at every separator and keep the separators, so joining gives back the rest as it was.
  const parts = url.split(/([?&#])/)
  for (let i = 1; i < parts.length; i += 2)
    if (names.includes(pair(parts[i + 1])[0])) {
      // The pair after a removed first one takes over its `?` or `#`.
      if (parts[i + 2] == '&') parts[i + 2] = parts[i]
      parts[i] = parts[i + 1] = ''
    }
  return parts.join('')
}

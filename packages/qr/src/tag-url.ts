import type { Placement } from './placements.js'

/** Options of {@link tagUrl}. */
export interface TagOptions {
  /**
   * `short`: `<param>=<code>&utm_medium=qr&utm_campaign=<campaign>`, what the browser needs; the
   * manifest carries the rest, so the code stays small. `utm`: the full UTM set
   * (`utm_source=<source>&utm_medium=qr&utm_campaign=<campaign>&utm_content=<code>`), for tools that
   * never see the manifest; a denser code.
   * @default 'short'
   */
  tag?: 'short' | 'utm'
  /** The query parameter for the code in `short` tags; the landing plugin's `param`. @default 'tt_qr' */
  param?: string
}

/**
 * The URL a placement's code encodes: its landing URL plus the tags (see {@link TagOptions}). Tags
 * replace parameters of the same name the landing already has (a QR landing's medium is `qr`); an
 * empty campaign or source is left out.
 *
 * @example
 * tagUrl('https://shop.example.com/spring', { code: 'BER-01', kind: 'poster', campaign: 'spring' })
 * // 'https://shop.example.com/spring?tt_qr=BER-01&utm_medium=qr&utm_campaign=spring'
 */
export function tagUrl(landing: string | URL, placement: Pick<Placement, 'code' | 'campaign' | 'source'>, { tag = 'short', param = 'tt_qr' }: TagOptions = {}): string {
  const url = new URL(landing)
  const set = (key: string, value?: string) => value && url.searchParams.set(key, value)
  if (tag == 'utm') set('utm_source', placement.source)
  else set(param, placement.code)
  set('utm_medium', 'qr')
  set('utm_campaign', placement.campaign)
  if (tag == 'utm') set('utm_content', placement.code)
  return url.href
}

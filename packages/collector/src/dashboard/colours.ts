import type { Phase } from '../report/phases.js'

/** One colour per channel, the same in every chart, so a marketer learns them once. */
export const CHANNEL_COLOURS: Record<string, string> = {
  Direct: '#64748b',
  'Organic Search': '#16a34a',
  'Paid Search': '#2563eb',
  'Organic Social': '#f472b6',
  'Paid Social': '#db2777',
  Email: '#f59e0b',
  Referral: '#0d9488',
  'QR / Print': '#7c3aed',
  'AI Assistant': '#0ea5e9',
  Display: '#ef4444',
  'Organic Shopping': '#84cc16',
  'Paid Shopping': '#4d7c0f',
  'Organic Video': '#fb7185',
  'Paid Video': '#be123c',
  Affiliates: '#a16207',
  SMS: '#ea580c',
  'Mobile Push Notifications': '#c2410c',
  'Cross-network': '#1d4ed8',
  'Paid Other': '#1e40af',
  Audio: '#92400e',
  Unassigned: '#94a3b8',
}

const SPARE = ['#0891b2', '#9333ea', '#65a30d', '#e11d48', '#ca8a04', '#475569']

/**
 * The colour of a channel; channels without one of their own share a few spare colours. The page writes it into a
 * style attribute unescaped, so a channel named `constructor` must not find what every object inherits.
 */
export function channelColour(channel: string): string {
  if (Object.hasOwn(CHANNEL_COLOURS, channel)) return CHANNEL_COLOURS[channel]
  let hash = 0
  for (const ch of channel) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return SPARE[hash % SPARE.length]
}

/** The journey phases, cool (first contact) to warm (the customer who tells others). */
export const PHASE_COLOURS: Record<Phase, string> = {
  awareness: '#38bdf8',
  consideration: '#818cf8',
  purchase: '#10b981',
  retention: '#f59e0b',
  advocacy: '#ec4899',
}

/** The purchase node that ends every path. */
export const PURCHASE_COLOUR = '#047857'

/** web-vitals' rating colours, as Lighthouse and PageSpeed Insights draw them. */
export const RATING_COLOURS = { good: '#0cce6b', 'needs-improvement': '#ffa400', poor: '#ff4e42' } as const

/** One colour per attribution model, in `MODELS` order. */
export const MODEL_COLOURS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6']

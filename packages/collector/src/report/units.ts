/** How the report and the dashboard write numbers: one place, so both read alike. */
export interface Units {
  money(value: number): string
  count(value: number): string
  percent(ratio: number): string
  ms(value: number): string
}

/**
 * Number formats for a currency and a locale.
 *
 * @param locale BCP 47 tag @default 'en-GB'
 * @example
 * units('EUR').money(59.9) // '€59.90'
 */
export function units(currency: string, locale = 'en-GB'): Units {
  let money: Intl.NumberFormat
  try {
    money = new Intl.NumberFormat(locale, { style: 'currency', currency })
  } catch {
    // Not an ISO 4217 code: write it beside the number.
    const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    money = { format: (v: number) => `${plain.format(v)} ${currency}` } as Intl.NumberFormat
  }
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
  const ms = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  return {
    money: (v) => money.format(v),
    count: (v) => count.format(v),
    percent: (v) => percent.format(v),
    ms: (v) => `${ms.format(v)} ms`,
  }
}

/** A metric's value in its unit: ms for times, 3 decimals for CLS. */
export function metricValue(metric: string, value: number | undefined, u: Units): string {
  if (value === undefined) return '–'
  return metric === 'cls' ? value.toFixed(3) : u.ms(value)
}

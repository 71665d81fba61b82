import type { Page } from 'playwright-core'

/** `touchtrail('track', name, { n })` for n = from … from + count − 1, in one task of the page. */
export function track(page: Page, count: number, name = 'e', from = 0): Promise<void> {
  return page.evaluate(
    ([count, name, from]) => {
      for (let i = 0; i < count; i++) (window as any).touchtrail('track', name, { n: from + i })
    },
    [count, name, from] as const,
  )
}


import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { shopPage, useHarness, type TestCollector, type TestSite } from '../../../scripts/e2e/harness.js'
import { validateEvent } from '../../collector/src/validate.js'

let collector: TestCollector, site: TestSite, page: Page
useHarness((f) => ({ collector, site, page } = f))

/**
 * Garbage into every door of the script tag: its commands, the cart's, and the data layer (GA4
 * ecommerce and gtag consent), each followed by one valid call. The page must see nothing thrown, and
 * every valid call must arrive: bad input never costs a good event. What arrives must pass the reference
 * collector's validation. The values are made in the page, so they can be what a page really holds
 * (getters that throw, proxies, BigInt, DOM nodes, cycles, 5,000 levels of nesting). More seeds:
 * `FUZZ_SEEDS=1,2,…,100 pnpm vitest run --config vitest.e2e.config.ts fuzz`.
 */
async function fuzz(page: Page, seed: number, rounds: number): Promise<string[]> {
  return page.evaluate(
    ({ seed, rounds }) => {
      let s = seed >>> 0
      const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0), s / 2 ** 32)
      const pick = <T,>(a: T[]): T => a[Math.floor(rand() * a.length)]
      const thrower = () => {
        throw new Error('fuzz getter')
      }
      const leaf = (): unknown =>
        pick<() => unknown>([
          () => null,
          () => undefined,
          () => NaN,
          () => Infinity,
          () => -0,
          () => 1e308 * 10,
          () => Math.floor(rand() * 1e6),
          () => 10n ** 30n,
          () => Symbol('fuzz'),
          () => true,
          () => '',
          () => '   ',
          () => '\ud800broken surrogate',
          () => 'x'.repeat(Math.floor(rand() * 70_000)),
          () => 'add_to_cart',
          () => 'purchase',
          () => 'event',
          () => 'consent',
          () => 'update',
          () => 'granted',
          () => 'pending',
          () => 'begin_checkout',
          () => 'https://evil.example/?email=a@b.co&token=1',
          () => new Date(NaN),
          () => new Date(),
          () => () => 1,
          () => document.body,
          () => window,
          () => new Map([[1, 2]]),
          () => new Set([1]),
          () => new Uint8Array(4),
          () => new Error('an error'),
          () => /re/g,
          () => Object.create(null),
          () => Object.defineProperty({}, 'boom', { get: thrower, enumerable: true }),
          () => ({ toJSON: thrower }),
          () => ({ toString: thrower, valueOf: thrower }),
          () => new Proxy({}, { get: thrower, ownKeys: thrower, has: thrower, getOwnPropertyDescriptor: thrower }),
          () => Promise.resolve(1),
        ])()
      const value = (depth: number): unknown => {
        const r = rand()
        if (depth > 3 || r < 0.5) return leaf()
        if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1))
        if (r < 0.7) {
          const cycle: Record<string, unknown> = { a: value(depth + 1) }
          cycle.self = cycle
          return cycle
        }
        if (r < 0.75) {
          let deep: unknown = {}
          for (let i = 0; i < 5000; i++) deep = { d: deep }
          return deep
        }
        const keys = ['items', 'item_id', 'item_name', 'price', 'quantity', 'value', 'currency', 'ecommerce', 'event', 'transaction_id', 'coupon', 'analytics_storage', '__proto__', 'constructor', '', 'x'.repeat(300)]
        // Own properties, as JSON.parse makes them: `__proto__` too.
        return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(keys), value(depth + 1)]))
      }
      const args = () => Array.from({ length: Math.floor(rand() * 4) }, () => value(0))
      const w = window as any
      const seen: string[] = []
      // Every event, once every plugin is done with it, is something JSON carries: one that is not would
      // block the queue it waits in.
      w.touchtrail('on', 'event', (ev: unknown) => {
        try {
          JSON.stringify(ev)
        } catch (e) {
          seen.push(`unserialisable event: ${(e as Error).message}`)
        }
      })
      const tried = (what: string, fn: () => unknown) => {
        try {
          fn()
        } catch (e) {
          seen.push(`${what} threw: ${(e as Error)?.message}`)
        }
      }
      for (let i = 0; i < rounds; i++) {
        const door = rand()
        if (door < 0.4) tried('touchtrail', () => w.touchtrail(pick(['track', 'page', 'identify', 'consent', 'flush', 'attribution', 'cart', 'nope', '', undefined]), ...args()))
        else if (door < 0.6) tried('cart', () => w.touchtrail('cart', pick(['add', 'remove', 'update', 'clear', 'checkout', 'purchase', 'error', 'state']), ...args()))
        else if (door < 0.8) tried('dataLayer', () => w.dataLayer.push(value(0)))
        else if (door < 0.9) tried('gtag', () => w.dataLayer.push(args().length ? Object.assign([pick(['event', 'consent', 'config', 'set'])], args()) : value(0)))
        else tried('touchtrail', () => w.touchtrail(...args()))
        // Nothing above may deny consent: the generator has no 'denied'.
        tried('valid', () => w.touchtrail('track', 'valid', { i }))
      }
      return seen
    },
    { seed, rounds },
  )
}

describe('the script tag under garbage', () => {
  it.each(process.env.FUZZ_SEEDS ? process.env.FUZZ_SEEDS.split(',').map(Number) : [1, 2, 3, 4, 5])('throws nothing into the page and loses no valid call (seed %i)', async (seed) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(site.page('/fuzz.html', shopPage({ endpoint: collector.endpoint, before: 'window.dataLayer=[]' })))
    await page.waitForFunction(() => !(window as any).touchtrail.q)
    const rounds = 150
    const seen = await fuzz(page, seed, rounds)
    // Pending consent from a garbage gtag call would hold events: the site grants, as a CMP would.
    await page.evaluate(() => (window as any).touchtrail('consent', 'granted'))
    await page.evaluate(() => (window as any).touchtrail('flush'))
    const events = await collector.waitFor((e) => new Set(e.filter((x) => x.event == 'valid').map((x) => x.properties!.i)).size >= rounds, 30_000)
    expect(seen).toEqual([])
    expect(errors).toEqual([])
    const valid = new Set(events.filter((x) => x.event == 'valid').map((x) => x.properties!.i))
    expect(valid.size).toBe(rounds)
    // Everything that arrived, garbage calls' events included, is an event the collector stores.
    const refused = events.map((e) => validateEvent(structuredClone(e))).flatMap((r) => (r.ok ? [] : [r.reason]))
    expect(refused).toEqual([])
  })
})

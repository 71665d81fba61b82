import { afterEach, describe, expect, it } from 'vitest'
import { listenDataLayer } from './data-layer.js'

const w = window as unknown as Record<string, any>

/** A stand-in for GTM's own push wrapper (GTM wraps the existing push and processes each entry). */
const gtmWrap = (layer: any, seen: unknown[]) => {
  const original = layer.push
  layer.push = function (...entries: unknown[]) {
    const n = original.apply(layer, entries)
    seen.push(...entries)
    return n
  }
}

afterEach(() => {
  delete w.dataLayer
  delete w.shopLayer
})

describe('listenDataLayer', () => {
  it("leaves alone a page's own data layer that is not an array, and throws nothing", () => {
    for (const layer of [{ page: { pageType: 'product' } }, 'x', 42, () => {}]) {
      w.dataLayer = layer
      const seen: unknown[] = []
      expect(() => listenDataLayer('dataLayer', (e) => seen.push(e))()).not.toThrow()
      expect(w.dataLayer).toBe(layer)
      expect(seen).toEqual([])
    }
  })

  it('reads the entries pushed before, in order, then each new one', () => {
    w.dataLayer = [{ n: 1 }, { n: 2 }]
    const seen: unknown[] = []
    listenDataLayer('dataLayer', (e) => seen.push(e))
    w.dataLayer.push({ n: 3 }, { n: 4 })
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])
    expect(w.dataLayer).toHaveLength(4)
  })

  it('creates the layer when the page has none, under its own name', () => {
    const seen: unknown[] = []
    listenDataLayer('shopLayer', (e) => seen.push(e))
    expect(w.shopLayer.push({ n: 1 })).toBe(1)
    expect(seen).toEqual([{ n: 1 }])
    expect(w.dataLayer).toBeUndefined()
  })

  it('keeps GTM working whether GTM wrapped push before or after', () => {
    const early: unknown[] = []
    const late: unknown[] = []
    const ours: unknown[] = []
    w.dataLayer = []
    gtmWrap(w.dataLayer, early)
    const off = listenDataLayer('dataLayer', (e) => ours.push(e))
    gtmWrap(w.dataLayer, late)
    expect(w.dataLayer.push({ n: 1 })).toBe(1)
    expect([early, ours, late]).toEqual([[{ n: 1 }], [{ n: 1 }], [{ n: 1 }]])
    // GTM wrapped ours: ours stays in the chain, so GTM's keeps working after our teardown.
    off()
    w.dataLayer.push({ n: 2 })
    expect(early).toEqual([{ n: 1 }, { n: 2 }])
    expect(late).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('restores the original push on teardown when nobody wrapped ours', () => {
    w.dataLayer = []
    const original = w.dataLayer.push
    const off = listenDataLayer('dataLayer', () => {})
    expect(w.dataLayer.push).not.toBe(original)
    off()
    expect(w.dataLayer.push).toBe(original)
  })
})

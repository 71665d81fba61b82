import { describe, expect, it } from 'vitest'
import { createInp } from './inp.js'

const ev = (interactionId: number, duration: number, target: Node | null = null) => ({ interactionId, duration, target })

describe('createInp', () => {
  it('has nothing to report without interactions', () => {
    expect(createInp()._worst(0)).toBeUndefined()
  })

  it('takes an interaction’s longest event as its latency and ignores events of no interaction', () => {
    const inp = createInp()
    inp._add(ev(1, 48))
    inp._add(ev(1, 312)) // the click of the same tap
    inp._add(ev(0, 900)) // a mousemove: no interaction
    inp._add({ duration: 900 })
    expect(inp._worst(1)?._latency).toBe(312)
  })

  it('reports the longest interaction while there are fewer than 50', () => {
    const inp = createInp()
    for (const [id, d] of [[1, 80], [2, 350], [3, 120]]) inp._add(ev(id, d))
    expect(inp._worst(49)?._latency).toBe(350)
  })

  it('skips one of the longest for every 50 interactions (the 98th percentile)', () => {
    const inp = createInp()
    for (let id = 1; id <= 12; id++) inp._add(ev(id, id * 10))
    expect(inp._worst(50)?._latency).toBe(110)
    expect(inp._worst(120)?._latency).toBe(100)
    // Only the 10 longest are kept: beyond 500 interactions the 10th longest stands in.
    expect(inp._worst(5000)?._latency).toBe(30)
  })

  it('keeps the target of the interaction', () => {
    const button = document.createElement('button')
    const inp = createInp()
    inp._add(ev(7, 60, button))
    inp._add(ev(7, 200, null)) // the element was removed meanwhile
    expect(inp._worst(1)).toMatchObject({ _latency: 200, _target: button })
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watchRageClicks, type RageClicks } from './rage-click.js'
import type { Wrap } from './wrap.js'

const wrap: Wrap = (fn) => fn
let reports: [Element, number][]
let rage: RageClicks

beforeEach(() => {
  vi.useFakeTimers()
  document.body.innerHTML = '<button id="buy"><span>Buy</span></button><p id="text">Price</p>'
  reports = []
  rage = watchRageClicks((el, n) => reports.push([el, n]), wrap, 3, 1000, Date.now)
})
afterEach(() => {
  rage._stop()
  vi.useRealTimers()
})

const click = (el: Element | null, afterMs = 0) => {
  vi.advanceTimersByTime(afterMs)
  el!.dispatchEvent(new MouseEvent('click', { bubbles: true }))
}
const $ = (s: string) => document.querySelector(s)

describe('watchRageClicks', () => {
  it('reports three clicks on one element within a second once, when the burst is over', () => {
    click($('#text'))
    click($('#text'), 200)
    click($('#text'), 200)
    click($('#text'), 300)
    expect(reports).toEqual([])
    vi.advanceTimersByTime(1000)
    expect(reports).toEqual([[$('#text'), 4]])
  })

  it('counts clicks on a control’s inner parts as clicks on the control', () => {
    click($('#buy span'))
    click($('#buy'), 100)
    click($('#buy span'), 100)
    vi.advanceTimersByTime(1000)
    expect(reports).toEqual([[$('#buy'), 3]])
  })

  it('does not report slow or scattered clicks', () => {
    click($('#text'))
    click($('#text'), 700)
    click($('#text'), 700) // three clicks, but not within one second
    click($('#buy'), 100)
    click($('#text'), 100)
    click($('#buy'), 100)
    vi.advanceTimersByTime(5000)
    expect(reports).toEqual([])
  })

  it('reports a burst at once when the page hides', () => {
    for (let i = 0; i < 3; i++) click($('#buy'), 50)
    expect(rage._end()).toBe(true)
    expect(reports).toEqual([[$('#buy'), 3]])
    vi.advanceTimersByTime(5000)
    expect(reports).toHaveLength(1)
    expect(rage._end()).toBe(false)
  })

  it('stops listening when stopped', () => {
    rage._stop()
    for (let i = 0; i < 5; i++) click($('#buy'), 50)
    vi.advanceTimersByTime(5000)
    expect(reports).toEqual([])
  })
})

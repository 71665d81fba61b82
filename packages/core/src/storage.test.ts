import { afterEach, describe, expect, it } from 'vitest'
import { createStore } from './storage.js'

const cookies = () =>
  document.cookie
    .split('; ')
    .filter(Boolean)
    .map((c) => c.split('=')[0])

afterEach(() => {
  localStorage.clear()
  for (const name of cookies()) document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`
})

describe('createStore', () => {
  it('keeps values in memory until persisting is allowed, then writes them all', () => {
    const store = createStore('local')
    store.set('a', 'anon-1')
    store.set('cart', { items: [1] })
    expect(localStorage.length).toBe(0)
    expect(store.get('cart')).toEqual({ items: [1] })
    store._persist(true)
    expect(localStorage.getItem('tt_a')).toBe('"anon-1"')
    expect(JSON.parse(localStorage.getItem('tt_cart')!)).toEqual({ items: [1] })
  })

  it('reads through to the device, so another tab’s write is seen', () => {
    const store = createStore('local')
    store._persist(true)
    store.set('s', { id: 1 })
    localStorage.setItem('tt_s', '{"id":2}')
    expect(store.get('s')).toEqual({ id: 2 })
  })

  it('puts only the ids in cookies in cookie mode', () => {
    const store = createStore('cookie')
    store._persist(true)
    store.set('a', 'anon-1')
    store.set('u', 'u-42')
    store.set('trail', [1, 2])
    expect(cookies().sort()).toEqual(['tt_a', 'tt_u'])
    expect(localStorage.getItem('tt_trail')).toBe('[1,2]')
    expect(store.get('a')).toBe('anon-1')
  })

  it('never touches the device in memory and none modes', () => {
    for (const kind of ['memory', 'none'] as const) {
      const store = createStore(kind)
      store._persist(true)
      store.set('a', 'x')
      expect(store.get('a')).toBe('x')
    }
    expect(localStorage.length).toBe(0)
    expect(document.cookie).toBe('')
  })

  it('clears every touchtrail key from the device and memory, leaving the site’s own', () => {
    const store = createStore('cookie')
    store._persist(true)
    store.set('a', 'x')
    store.set('cart', 1)
    localStorage.setItem('site_key', 'keep')
    localStorage.setItem('tt_old', 'from an earlier visit')
    store._clear(true)
    expect(Object.keys(localStorage)).toEqual(['site_key'])
    expect(cookies()).toEqual([])
    expect(store.get('a')).toBeUndefined()
  })

  it("keeps the queue's undelivered events (tt_q, tt_q.…) when it clears for a log-out, and nothing else of ours", () => {
    const store = createStore('local')
    store._persist(true)
    store.set('a', 'x')
    store.set('qr', { scans: 1 })
    for (const key of ['tt_q', 'tt_q.0.5', 'tt_qw', 'tt_ql']) localStorage.setItem(key, '[]')
    store._clear()
    expect(Object.keys(localStorage).sort()).toEqual(['tt_q', 'tt_q.0.5'])
    store._clear(true)
    expect(Object.keys(localStorage)).toEqual([])
  })

  it('survives a storage that throws', () => {
    const store = createStore('local')
    store._persist(true)
    const original = Storage.prototype.setItem
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    try {
      expect(() => store.set('a', 'x')).not.toThrow()
      expect(store.get('a')).toBe('x')
    } finally {
      Storage.prototype.setItem = original
    }
  })
})

import { describe, expect, it } from 'vitest'
import { clean } from './clean.js'

const run = (value: unknown, max = 2000) => {
  const problems: string[] = []
  const json = clean(value, max, (p) => problems.push(p))
  return { json, value: json && JSON.parse(json), problems }
}

describe('clean', () => {
  it('passes plain JSON through unchanged', () => {
    const props = { a: 1, b: 'x', c: [1, 2, { d: null }], e: true }
    expect(run(props)).toEqual({ json: JSON.stringify(props), value: props, problems: [] })
  })

  it('removes circular references and says so', () => {
    const a: any = { n: 1, child: { m: 2 } }
    a.child.parent = a
    expect(run(a)).toMatchObject({ value: { n: 1, child: { m: 2 } }, problems: ['circular or repeated reference removed'] })
  })

  it('drops prototype-poisoning keys', () => {
    const evil = JSON.parse('{"__proto__":{"admin":true},"constructor":1,"prototype":2,"ok":3}')
    const r = run(evil)
    expect(r.value).toEqual({ ok: 3 })
    expect(r.problems).toEqual(['__proto__ key removed', 'constructor key removed', 'prototype key removed'])
  })

  it('turns bigints into strings, dates into ISO strings and NaN into null; drops functions', () => {
    const r = run({ big: 12345678901234567890n, when: new Date(0), nan: NaN, fn() {}, sym: Symbol('x'), u: undefined })
    expect(r.value).toEqual({ big: '12345678901234567890', when: '1970-01-01T00:00:00.000Z', nan: null })
  })

  it('cuts long strings to the limit', () => {
    expect(run({ s: 'abcdef' }, 3)).toMatchObject({ value: { s: 'abc' }, problems: ['long string cut'] })
  })

  it('removes objects nested deeper than the collector takes, keeping the rest', () => {
    // Properties are level 2 of the collector's 10: objects may nest 9 deep in them.
    const nest = (n: number): any => (n ? { d: nest(n - 1) } : 'leaf')
    expect(run({ a: nest(8) })).toEqual({ json: JSON.stringify({ a: nest(8) }), value: { a: nest(8) }, problems: [] })
    const r = run({ a: nest(9), list: [[[[[[[[[1]]]]]]]]], ok: 1 })
    const cut = (n: number): any => (n ? { d: cut(n - 1) } : {})
    expect(r.value).toEqual({ a: cut(7), list: [[[[[[[[null]]]]]]]], ok: 1 })
    expect(r.problems).toEqual(['objects nested too deep removed', 'objects nested too deep removed'])
    // A page's own deep structure (what overflowed IndexedDB's clone) costs only its deep part.
    let deep: any = 'leaf'
    for (let i = 0; i < 5000; i++) deep = { d: deep }
    expect(run({ deep, ok: 1 }).value.ok).toBe(1)
  })

  it('gives up on values that throw while serialising', () => {
    const r = run({
      get boom() {
        throw new Error('no')
      },
    })
    expect(r.json).toBeUndefined()
    expect(r.problems).toEqual(['properties cannot be serialised; dropped'])
  })
})

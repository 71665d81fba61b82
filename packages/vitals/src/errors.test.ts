import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { watchErrors, type Errors, type PageError } from './errors.js'
import type { Wrap } from './wrap.js'

let reports: PageError[]
let errors: Errors
const failures: unknown[] = []
const wrap: Wrap =
  (fn) =>
  (...args) => {
    try {
      fn(...args)
    } catch (e) {
      failures.push(e)
    }
  }

beforeEach(() => {
  reports = []
  failures.length = 0
  errors = watchErrors((e) => reports.push(e), wrap, 5)
})
afterEach(() => errors._stop())

const error = (message: string, filename = 'https://shop.test/app.js', lineno = 12, colno = 5) =>
  dispatchEvent(new ErrorEvent('error', { message, filename, lineno, colno }))
// happy-dom has no PromiseRejectionEvent: an event with the same field.
const rejection = (reason: unknown) => dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason }))

describe('watchErrors', () => {
  it('reports an uncaught error with its message and source', () => {
    error('Uncaught TypeError: cart is undefined')
    expect(reports).toEqual([{ kind: 'error', message: 'Uncaught TypeError: cart is undefined', source: 'https://shop.test/app.js', line: 12, column: 5 }])
  })

  it('reports an unhandled rejection with the place its stack names', () => {
    const e = new Error('payment timeout')
    e.stack = 'Error: payment timeout\n    at pay (https://shop.test/checkout.js:40:9)\n    at https://shop.test/app.js:1:1'
    rejection(e)
    rejection('plain reason')
    expect(reports).toEqual([
      { kind: 'unhandledrejection', message: 'payment timeout', source: 'https://shop.test/checkout.js', line: 40, column: 9 },
      { kind: 'unhandledrejection', message: 'plain reason', source: undefined, line: undefined, column: undefined },
    ])
  })

  it('reports the same error once per page view', () => {
    for (let i = 0; i < 3; i++) error('boom')
    error('boom', 'https://shop.test/other.js')
    expect(reports.map((r) => r.source)).toEqual(['https://shop.test/app.js', 'https://shop.test/other.js'])
    errors._reset()
    error('boom')
    expect(reports).toHaveLength(3)
  })

  it('reports at most 5 errors per page view', () => {
    for (let i = 0; i < 20; i++) error('boom ' + i)
    expect(reports.map((r) => r.message)).toEqual(['boom 0', 'boom 1', 'boom 2', 'boom 3', 'boom 4'])
  })

  it('cuts long messages and survives reasons that cannot be read', () => {
    error('x'.repeat(1000))
    rejection({
      toString() {
        throw new Error('unreadable')
      },
    })
    expect(reports[0].message).toHaveLength(300)
    expect(reports).toHaveLength(1)
    expect(failures).toHaveLength(1)
  })

  it('stops listening when stopped', () => {
    errors._stop()
    error('after stop')
    expect(reports).toEqual([])
  })
})

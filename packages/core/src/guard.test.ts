import { describe, expect, it, vi } from 'vitest'
import { guard } from './guard.js'
import { createLogger } from './logger.js'

describe('guard', () => {
  it('passes the arguments and the result through', () => {
    const add = guard(createLogger(true), 'add', (a: number, b: number) => a + b)
    expect(add(2, 3)).toBe(5)
  })

  it('returns undefined when the function throws, and names it in debug mode', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const bug = new Error('bug')
    const broken = () => {
      throw bug
    }
    expect(guard(createLogger(true), 'cart: add', broken)()).toBeUndefined()
    expect(guard(createLogger(false), 'quiet', broken)()).toBeUndefined()
    expect(error.mock.calls).toEqual([['touchtrail: cart: add failed', bug]])
    error.mockRestore()
  })
})

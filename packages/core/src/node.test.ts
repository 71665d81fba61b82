// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { createTracker, createTrackerWith, memoryTransport, scrubString } from './node.js'

describe('@touchtrail/core in Node (the `node` export condition)', () => {
  it('gives an inert tracker where there is no document: nothing throws, nothing is recorded', async () => {
    expect(typeof document).toBe('undefined')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const t = createTracker({ endpoint: 'https://collect.example/c', debug: true })
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^touchtrail: no document here/))
    warn.mockRestore()
    expect(() => {
      t.page()
      t.track('add_to_cart', { value: 1 })
      t.identify('u1', { plan: 'pro' })
      t.reset()
      t.use({ name: 'p', setup: () => {} })
      t.on('event', () => {})()
      t.startSession()
      t.store.set('k', 1)
      t.destroy()
    }).not.toThrow()
    expect(t.consent()).toBe('denied')
    expect(t.consent('granted')).toBe('denied')
    await expect(t.flush()).resolves.toBeUndefined()
    expect(t.session()).toBeUndefined()
    expect(t.user()).toEqual({ anonymousId: '' })
    expect(t.store.get('k')).toBeUndefined()
    expect(t.options.endpoint).toBe('https://collect.example/c')
    expect(createTrackerWith({ endpoint: 'x' }, memoryTransport()).consent()).toBe('denied')
    // Everything else is the browser's module: the pure helpers work in Node.
    expect(scrubString('?email=jane@example.com')).toBe('?email=[redacted]')
  })

  it('is what Node resolves for the package, and the build is what a consumer gets', () => {
    // A plugin package resolves @touchtrail/core as a consumer would: through the exports map, to dist.
    const cwd = fileURLToPath(new URL('../../attribution', import.meta.url))
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import { createTracker } from '@touchtrail/core'; const t = createTracker({ endpoint: 'x' }); t.track('a'); await t.flush(); console.log(t.consent())"],
      { cwd, encoding: 'utf8' },
    )
    expect(out.trim()).toBe('denied')
  })
})

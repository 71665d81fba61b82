import { describe, expectTypeOf, it } from 'vitest'
import type { Plugin } from '@touchtrail/core'
import { vitals, type PageError, type VitalsOptions, type VitalsValues } from './index.js'

// Checked by `tsc` (the @ts-expect-error lines fail the type check if they ever compile).
describe('public types', () => {
  it('takes one optional options object and returns a plugin', () => {
    expectTypeOf(vitals).parameter(0).toEqualTypeOf<VitalsOptions | undefined>()
    expectTypeOf(vitals).returns.toEqualTypeOf<Plugin>()
    // @ts-expect-error: a misspelt option is caught
    vitals({ atribution: true })
    // @ts-expect-error: counts are numbers
    vitals({ rageClickCount: '3' })
  })

  it('describes what the events carry', () => {
    expectTypeOf<VitalsValues['lcpRating']>().toEqualTypeOf<'good' | 'needs-improvement' | 'poor' | undefined>()
    expectTypeOf<VitalsValues['cls']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<PageError['kind']>().toEqualTypeOf<'error' | 'unhandledrejection'>()
  })
})

import { describe, expectTypeOf, it } from 'vitest'
import { createTracker, type Plugin } from '@touchtrail/core'
import { attribution, channelGroup, type AttributionApi, type AttributionOptions, type Channel, type Touch } from './index.js'
import type { SourceCategory } from './referrer.js'

// Checked by `tsc` (the @ts-expect-error lines fail the type check if they ever compile).
describe('public types', () => {
  it('takes one optional options object and returns a plugin', () => {
    expectTypeOf(attribution).parameter(0).toEqualTypeOf<AttributionOptions | undefined>()
    expectTypeOf(attribution).returns.toEqualTypeOf<Plugin>()
    // @ts-expect-error: a misspelt option is caught
    attribution({ conversion: ['purchase'] })
    // @ts-expect-error: aliases map a parameter to a field name
    attribution({ aliases: ['ref'] })
  })

  it('declares tracker.attribution on core’s Tracker', () => {
    const tracker = createTracker({ endpoint: 'https://collect.example/collect', consent: 'pending', plugins: [attribution()] })
    expectTypeOf(tracker.attribution).toEqualTypeOf<AttributionApi | undefined>()
    expectTypeOf(tracker.attribution!.touch()).toEqualTypeOf<Touch | undefined>()
    expectTypeOf(tracker.attribution!.trail()).toEqualTypeOf<Touch[]>()
    // @ts-expect-error: contact is digital or analog
    tracker.attribution!.set({ touchpoint: { contact: 'paper' } })
    tracker.destroy()
  })

  it('names every channel and category', () => {
    expectTypeOf(channelGroup({ source: 'google' })).toEqualTypeOf<Channel>()
    expectTypeOf<'AI Assistant'>().toMatchTypeOf<Channel>()
    // @ts-expect-error: not a channel
    expectTypeOf<'Organic Email'>().toMatchTypeOf<Channel>()
    expectTypeOf<'ai'>().toMatchTypeOf<SourceCategory>()
  })
})

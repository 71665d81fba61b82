import { createTrackerWith, pageViews, type Tracker } from '@touchtrail/core'
import { createCommand, type Command } from './command.js'
import { readConfig } from './config.js'
import { bundle } from './plugins.js'

type Stub = { q?: ArrayLike<unknown>[] }

/**
 * Start touchtrail from its script tag: read the data attributes, create the tracker with the bundled
 * transport and plugins, replace the stub `window.touchtrail` with the live command function and replay the
 * calls the stub queued, in order. Returns the tracker, or undefined when `data-endpoint` is missing
 * (one console error; later calls are ignored quietly).
 */
export function boot(): Tracker | undefined {
  const w = window as unknown as { touchtrail?: Command & Stub }
  const queued = w.touchtrail?.q || []
  // `currentScript` is set while a classic (also async) script runs; the selector covers odd loaders.
  const config = readConfig(document.currentScript || document.querySelector('script[data-endpoint]'))
  if (!config) {
    console.error('touchtrail: the script tag needs a data-endpoint attribute; nothing is tracked')
    w.touchtrail = () => {}
    return
  }
  const { transport, plugins } = bundle(config)
  // The bundled transport is also the fallback: the memory transport is not bundled.
  const tracker = createTrackerWith({ ...config, plugins: config.autoPage ? [...plugins, pageViews()] : plugins }, transport)
  const command = createCommand(tracker)
  w.touchtrail = command
  // The queue is the page's: an entry that is not a list of arguments (a stray `q.push(null)`) becomes
  // a call of no command, which warns in debug mode, and the calls after it still replay.
  for (const args of Array.from(queued)) command(...(Array.from(Object(args)) as [string]))
  return tracker
}

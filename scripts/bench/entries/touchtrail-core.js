// @touchtrail/core alone (createTracker with its default transport), built by `pnpm build`.
import { createTracker } from '@touchtrail/core'

const { origin } = window.BENCH
const tracker = createTracker({ endpoint: origin + '/collect' })
tracker.page()
window.benchTrack = (name, props) => tracker.track(name, props)

export { queue } from './queue.js'
export type { QueueOptions } from './queue.js'
export type { QueueKind } from './store.js'

export { vitals } from './vitals.js'
export type { VitalsOptions } from './vitals.js'
export type { VitalsValues, Rating } from './metrics.js'
export type { PageError } from './errors.js'

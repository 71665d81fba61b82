export { cart } from './cart.js'
export type { CartApi, CartOptions } from './cart.js'
export type { CartItem, CartParams, CartState } from './state.js'

export { qr, QR_CHANNEL } from './qr.js'
export type { QrOptions } from './qr.js'

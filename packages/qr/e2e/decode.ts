// The tests' independent reader: jsQR (cozmo/jsQR), which shares no code with qrcode, the writer.
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'

// jsqr ships a UMD bundle whose export is `{ default: jsQR }` when loaded from Node's ESM.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default || jsQRModule) as typeof jsQRModule

/** What a phone would read from an image: the text and the QR version, or undefined when it finds no code. */
export function decodePng(png: Buffer): { text: string; version: number } | undefined {
  const image = PNG.sync.read(png)
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  return found ? { text: found.data, version: found.version } : undefined
}

import QRCode from 'qrcode'

/** How a code is drawn for print. */
export interface PrintOptions {
  /**
   * Error correction. `Q` (25 % of the symbol may be lost) survives what print meets: scuffs, dirt,
   * folds, glare on gloss, a curved package, a sticker over a corner; `M` (15 %) makes a smaller
   * symbol for very small print; `H` is for logos drawn over the code.
   * @default 'Q'
   */
  errorCorrection?: 'M' | 'Q' | 'H'
  /** The quiet zone around the code, in modules. ISO/IEC 18004 asks for at least 4. @default 4 */
  margin?: number
  /**
   * The SVG's printed width and height in millimetres, quiet zone included. The SVG is vector, so a
   * designer scales it freely; 30 mm keeps modules near 0.5 mm or larger for short URLs, readable from
   * about 30 cm (a flyer); scale up with distance (roughly a tenth of it).
   * @default 30
   */
  svgSizeMm?: number
  /**
   * The PNG's smallest width in pixels; each module gets a whole number of pixels, so the image is this
   * wide or a little wider. 1200 px is 10 cm at 300 dpi.
   * @default 1200
   */
  pngWidthPx?: number
}

/** A drawn code. */
export interface RenderedQr {
  /** The QR version (1–40): the symbol has `17 + 4 * version` modules a side. */
  version: number
  /** Modules a side, quiet zone excluded. */
  modules: number
  svg?: string
  png?: Buffer
}

/**
 * Draw `text` as a QR code in the given formats with qrcode (soldair/node-qrcode), sized for print.
 * Throws when the text does not fit in a QR code.
 */
export async function renderQr(text: string, formats: readonly ('svg' | 'png')[], options: PrintOptions = {}): Promise<RenderedQr> {
  const { errorCorrection = 'Q', margin = 4, svgSizeMm = 30, pngWidthPx = 1200 } = options
  const symbol = QRCode.create(text, { errorCorrectionLevel: errorCorrection })
  const modules = symbol.modules.size
  // The renderers encode the text again: pin the version and mask found, so every format is one symbol.
  const common = { errorCorrectionLevel: errorCorrection, version: symbol.version, maskPattern: symbol.maskPattern, margin }
  const out: RenderedQr = { version: symbol.version, modules }
  if (formats.includes('svg'))
    out.svg = (await QRCode.toString(text, { ...common, type: 'svg' })).replace('<svg ', `<svg width="${svgSizeMm}mm" height="${svgSizeMm}mm" `)
  if (formats.includes('png')) out.png = await QRCode.toBuffer(text, { ...common, type: 'png', scale: Math.ceil(pngWidthPx / (modules + 2 * margin)) })
  return out
}

import { loadImage, createCanvas } from '@napi-rs/canvas'
import { createRequire } from 'node:module'

// jsdom ships no type declarations (and @types/jsdom is not installed): the little used here is typed.
interface JsdomModule {
  JSDOM: new (
    text: string,
    options?: { contentType?: string }
  ) => { window: { document: Document } }
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  PNG_SIGNATURE.forEach((b, i) => {
    if (bytes[i] !== b) throw new Error(`not a PNG: byte ${i} is ${bytes[i]}`)
  })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = String.fromCharCode(...bytes.subarray(12, 16))
  if (type !== 'IHDR') throw new Error(`first PNG chunk is ${type}, not IHDR`)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/** Pixel statistics of a decoded image. */
export interface PixelStats {
  width: number
  height: number
  /** Fraction of pixels that are not (near) white. */
  nonWhite: number
  /** Fraction of pixels with a clearly coloured (not grey) value, i.e. drawn data. */
  coloured: number
  /** Fraction of pixels that are not fully opaque. */
  transparent: number
}

/** Decodes a PNG (or draws an SVG) with @napi-rs/canvas and counts its pixels. */
export async function pixelStats(bytes: Uint8Array): Promise<PixelStats> {
  const img = await loadImage(Buffer.from(bytes))
  const canvas = createCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const { data } = ctx.getImageData(0, 0, img.width, img.height)
  let nonWhite = 0
  let coloured = 0
  let transparent = 0
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]]
    if (a < 255) transparent++
    if (r < 240 || g < 240 || b < 240) nonWhite++
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++
  }
  const n = data.length / 4
  return {
    width: img.width,
    height: img.height,
    nonWhite: nonWhite / n,
    coloured: coloured / n,
    transparent: transparent / n
  }
}

/** Parses XML text; throws on a parse error. */
export function parseXml(text: string): Document {
  const doc = new JSDOM(text, { contentType: 'image/svg+xml' }).window.document
  const err = doc.getElementsByTagName('parsererror')[0]
  if (err) throw new Error(`XML parse error: ${err.textContent}`)
  return doc
}

/** Parses HTML text. */
export function parseHtml(text: string): Document {
  return new JSDOM(text).window.document
}

/** Fraction of pixels within `tolerance` (per channel) of the colour '#rrggbb'. */
export async function colourFraction(
  bytes: Uint8Array,
  hex: string,
  tolerance = 40
): Promise<number> {
  const img = await loadImage(Buffer.from(bytes))
  const canvas = createCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const { data } = ctx.getImageData(0, 0, img.width, img.height)
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  let n = 0
  for (let i = 0; i < data.length; i += 4)
    if (want.every((w, k) => Math.abs(data[i + k] - w) <= tolerance)) n++
  return n / (data.length / 4)
}

/** The [r, g, b, a] of one pixel of a PNG. */
export async function pixelAt(bytes: Uint8Array, x: number, y: number): Promise<number[]> {
  const img = await loadImage(Buffer.from(bytes))
  const canvas = createCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  return Array.from(ctx.getImageData(x, y, 1, 1).data)
}

// Renders build/icon.svg into the icon files electron-builder uses, so every platform shows the same
// picture: icon.png (512×512, Linux and the source of the others), icon.ico (Windows: 16–256 px PNG
// entries) and icon.icns (macOS: 128–512 px PNG entries). Run after editing the SVG:
//   node build/make-icon.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCanvas, loadImage } from '@napi-rs/canvas'

const dir = dirname(fileURLToPath(import.meta.url))
const svg = await loadImage(readFileSync(join(dir, 'icon.svg')))

/** The icon as PNG bytes at size×size. */
function png(size) {
  const canvas = createCanvas(size, size)
  canvas.getContext('2d').drawImage(svg, 0, 0, size, size)
  return canvas.toBuffer('image/png')
}

/** ICO with PNG-compressed entries (Windows Vista and later); 256 is written as 0. */
function ico(sizes) {
  const images = sizes.map(png)
  const header = Buffer.alloc(6 + 16 * sizes.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(sizes.length, 4)
  let offset = header.length
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, e)
    header.writeUInt8(size >= 256 ? 0 : size, e + 1)
    header.writeUInt16LE(1, e + 4)
    header.writeUInt16LE(32, e + 6)
    header.writeUInt32LE(images[i].length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += images[i].length
  })
  return Buffer.concat([header, ...images])
}

/** ICNS with PNG entries: ic07 = 128, ic08 = 256, ic09 = 512. */
function icns() {
  const chunks = [
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512]
  ].map(([type, size]) => {
    const data = png(size)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

writeFileSync(join(dir, 'icon.png'), png(512))
writeFileSync(join(dir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]))
writeFileSync(join(dir, 'icon.icns'), icns())
console.log('wrote build/icon.png (512×512), build/icon.ico, build/icon.icns')

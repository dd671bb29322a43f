import { heatColor, heatmapPixels, type KernelHeatmap } from '@shared/charts/kernel-heatmap'
import type { CanvasModule } from './render-chart'

/** The heatmap as a PNG of `size`×`size` pixels: one square per cell, no smoothing. */
export function renderHeatmapPng(
  canvasModule: CanvasModule,
  h: KernelHeatmap,
  size: number
): Uint8Array {
  const small = canvasModule.createCanvas(h.n, h.n)
  const image = small.getContext('2d').createImageData(h.n, h.n)
  image.data.set(heatmapPixels(h))
  small.getContext('2d').putImageData(image, 0, 0)
  const canvas = canvasModule.createCanvas(size, size)
  const ctx = canvas.getContext('2d')
  ctx.imageSmoothingEnabled = false
  ctx.drawImage(small, 0, 0, size, size)
  return new Uint8Array(canvas.toBuffer('image/png'))
}

/** The heatmap as SVG: one rect per cell on an n×n view box, scaled to `size`. */
export function heatmapSvg(h: KernelHeatmap, size: number): Uint8Array {
  const span = h.max - h.min || 1
  const cells: string[] = []
  for (let i = 0; i < h.n; i++)
    for (let j = 0; j < h.n; j++) {
      const [r, g, b] = heatColor((h.values[i * h.n + j] - h.min) / span)
      cells.push(`<rect x="${j}" y="${i}" width="1" height="1" fill="rgb(${r},${g},${b})"/>`)
    }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" ` +
    `viewBox="0 0 ${h.n} ${h.n}" shape-rendering="crispEdges">${cells.join('')}</svg>\n`
  return new TextEncoder().encode(svg)
}

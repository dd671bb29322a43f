/**
 * Points per line above which a live line chart strokes its lines one device pixel wide. Chromium's
 * canvas rasterizes a stroke wider than one device pixel as a filled outline, a slow path for a noisy
 * line of 10³ segments (≈ 57 ms at 1.5 px vs 0.7 ms at 1 px, measured in the e2e Chromium's software
 * canvas); one device pixel or less is drawn as a hairline. The raster runs in the frame's commit, on
 * the page's main thread, so a wide noisy line made a long task of every frame that redrew it.
 */
export const HAIRLINE_ABOVE_POINTS = 300

/**
 * The stroke width (CSS px) to draw a line of `points` points with: `width` for a short line, at most
 * one device pixel (1 / devicePixelRatio) for a long one.
 */
export function liveLineWidth(width: number, points: number, devicePixelRatio: number): number {
  if (points <= HAIRLINE_ABOVE_POINTS) return width
  const dpr = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1
  return Math.min(width, 1 / Math.max(1, dpr))
}

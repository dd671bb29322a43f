/// <reference lib="dom" />
/**
 * jsdom has no 2D canvas context and no ResizeObserver; chart.js needs both. This installs a minimal
 * fake context (drawing calls do nothing, state properties are stored) and a do-nothing observer.
 * It stubs the DOM, not our code: every chart.js computation still runs.
 */
export function installCanvasStub(): void {
  const proto = HTMLCanvasElement.prototype as unknown as {
    getContext: (this: HTMLCanvasElement, kind: string) => unknown
  }
  proto.getContext = function (this: HTMLCanvasElement, kind: string) {
    if (kind !== '2d') return null
    const state: Record<string | symbol, unknown> = {
      canvas: this,
      measureText: (t: string) => ({
        width: t.length * 6,
        actualBoundingBoxAscent: 8,
        actualBoundingBoxDescent: 2
      }),
      getLineDash: () => [],
      getImageData: (_x: number, _y: number, w: number, h: number) => ({
        data: new Uint8ClampedArray(w * h * 4)
      }),
      createImageData: (w: number, h: number) => ({
        width: w,
        height: h,
        data: new Uint8ClampedArray(w * h * 4)
      }),
      // the last image put on this canvas, for tests of pixel-drawing components
      putImageData: (image: ImageData) => {
        ;(this as HTMLCanvasElement & { lastImage?: ImageData }).lastImage = image
      },
      createLinearGradient: () => ({ addColorStop: () => undefined }),
      createRadialGradient: () => ({ addColorStop: () => undefined }),
      createPattern: () => null,
      isPointInPath: () => false,
      getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 })
    }
    const noop = () => undefined
    return new Proxy(state, {
      get: (t, p) => (p in t ? t[p] : noop),
      set: (t, p, v) => {
        t[p] = v
        return true
      }
    })
  }
  const g = globalThis as unknown as { ResizeObserver?: unknown }
  if (!g.ResizeObserver)
    g.ResizeObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
}

/** Waits past the next animation frame (the charts redraw at most once per frame). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 40))
}

import { z } from 'zod'
import { readJsonFile, writeJsonFile, type FsLike } from './json-file'

/** A screen rectangle in device-independent pixels. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** What is remembered of the main window between launches. */
export interface WindowState {
  bounds: Rect
  maximized: boolean
  fullScreen: boolean
}

/** Smallest window the UI is laid out for. */
export const MIN_WIDTH = 640
export const MIN_HEIGHT = 480
/** Size of a first window, before any is remembered. */
export const DEFAULT_WIDTH = 1280
export const DEFAULT_HEIGHT = 860
/** How much of a window must overlap a display for it to count as visible there. */
const MIN_VISIBLE = 64

const rect = z.object({
  x: z.number().int().min(-1e6).max(1e6),
  y: z.number().int().min(-1e6).max(1e6),
  width: z.number().int().min(1).max(1e5),
  height: z.number().int().min(1).max(1e5)
})
const windowState = z.object({
  bounds: rect,
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false)
})

/** A first window: default size, centred on the primary work area (the first in the list). */
export function defaultWindowState(workAreas: readonly Rect[]): WindowState {
  const wa = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT }
  return {
    bounds: centred(wa, Math.min(DEFAULT_WIDTH, wa.width), Math.min(DEFAULT_HEIGHT, wa.height)),
    maximized: false,
    fullScreen: false
  }
}

/**
 * Moves and shrinks a remembered window so that it lies wholly on one of the displays' work areas:
 * the one it overlaps most, or, when it is not visibly on any (a monitor was unplugged), centred on
 * the primary one. `workAreas[0]` is the primary display.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return state
  const best = workAreas
    .map((wa) => ({ wa, overlap: overlap(state.bounds, wa) }))
    .reduce((a, b) => (b.overlap.area > a.overlap.area ? b : a))
  const visible = best.overlap.width >= MIN_VISIBLE && best.overlap.height >= MIN_VISIBLE
  const wa = visible ? best.wa : workAreas[0]
  const width = clamp(state.bounds.width, Math.min(MIN_WIDTH, wa.width), wa.width)
  const height = clamp(state.bounds.height, Math.min(MIN_HEIGHT, wa.height), wa.height)
  const bounds = visible
    ? {
        x: clamp(state.bounds.x, wa.x, wa.x + wa.width - width),
        y: clamp(state.bounds.y, wa.y, wa.y + wa.height - height),
        width,
        height
      }
    : centred(wa, width, height)
  return { ...state, bounds }
}

/** Loads the remembered state and fits it to the current displays; defaults when none is usable. */
export function loadWindowState(fs: FsLike, file: string, workAreas: readonly Rect[]): WindowState {
  const parsed = windowState.safeParse(readJsonFile(fs, file))
  return parsed.success ? clampToDisplays(parsed.data, workAreas) : defaultWindowState(workAreas)
}

/** Remembers the window state (atomically). */
export function saveWindowState(fs: FsLike, file: string, state: WindowState): void {
  writeJsonFile(fs, file, windowState.parse(roundBounds(state)))
}

function roundBounds(s: WindowState): WindowState {
  const b = s.bounds
  return {
    ...s,
    bounds: {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height)
    }
  }
}

function overlap(a: Rect, b: Rect): { width: number; height: number; area: number } {
  const width = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const height = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  return { width, height, area: width * height }
}

function centred(wa: Rect, width: number, height: number): Rect {
  return {
    x: Math.round(wa.x + (wa.width - width) / 2),
    y: Math.round(wa.y + (wa.height - height) / 2),
    width,
    height
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi)
}

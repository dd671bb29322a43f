import { describe, expect, it } from 'vitest'
import type { FsLike } from '../../../src-main/electron/json-file'
import {
  clampToDisplays,
  defaultWindowState,
  loadWindowState,
  saveWindowState,
  type Rect,
  type WindowState
} from '../../../src-main/electron/window-state'

/** An in-memory file system with the FsLike surface; counts renames to prove atomic writes. */
function memFs() {
  const files = new Map<string, string>()
  let renames = 0
  const fs: FsLike = {
    readFileSync(path) {
      const v = files.get(path)
      if (v === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' })
      return v
    },
    writeFileSync(path, data) {
      files.set(path, data)
    },
    renameSync(from, to) {
      const v = files.get(from)
      if (v === undefined) throw new Error(`ENOENT ${from}`)
      files.delete(from)
      files.set(to, v)
      renames++
    },
    mkdirSync() {
      return undefined
    }
  }
  return { fs, files, renames: () => renames }
}

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 }
const monitorRight: Rect = { x: 1440, y: 0, width: 2560, height: 1410 }
const state = (bounds: Rect, extra: Partial<WindowState> = {}): WindowState => ({
  bounds,
  maximized: false,
  fullScreen: false,
  ...extra
})
const inside = (b: Rect, wa: Rect) =>
  b.x >= wa.x &&
  b.y >= wa.y &&
  b.x + b.width <= wa.x + wa.width &&
  b.y + b.height <= wa.y + wa.height

describe('window state', () => {
  it('keeps a window that is fully visible', () => {
    const s = state({ x: 100, y: 50, width: 1000, height: 700 })
    expect(clampToDisplays(s, [laptop, monitorRight])).toEqual(s)
  })

  it('recentres a window left on an unplugged monitor onto the primary display', () => {
    const s = state({ x: 2000, y: 200, width: 1200, height: 800 }, { maximized: true })
    const c = clampToDisplays(s, [laptop])
    expect(inside(c.bounds, laptop)).toBe(true)
    expect(c.bounds.width).toBe(1200)
    expect(c.bounds.x).toBe((1440 - 1200) / 2)
    expect(c.maximized).toBe(true)
  })

  it('pulls a half-off-screen window back onto the display it mostly covers', () => {
    const c = clampToDisplays(state({ x: 3500, y: -100, width: 1000, height: 700 }), [
      laptop,
      monitorRight
    ])
    expect(inside(c.bounds, monitorRight)).toBe(true)
    expect(c.bounds).toEqual({ x: 1440 + 2560 - 1000, y: 0, width: 1000, height: 700 })
  })

  it('shrinks a window larger than its display', () => {
    const c = clampToDisplays(state({ x: 0, y: 0, width: 3000, height: 2000 }), [laptop])
    expect(c.bounds).toEqual(laptop)
  })

  it('treats a sliver of overlap as not visible', () => {
    const c = clampToDisplays(state({ x: 1420, y: 860, width: 800, height: 600 }), [laptop])
    expect(inside(c.bounds, laptop)).toBe(true)
    expect(c.bounds.x).toBe((1440 - 800) / 2)
  })

  it('round-trips through the settings file, atomically', () => {
    const { fs, files, renames } = memFs()
    const s = state({ x: 1500, y: 40, width: 1280, height: 860 }, { fullScreen: true })
    saveWindowState(fs, '/cfg/window-state.json', s)
    expect(renames()).toBe(1)
    expect([...files.keys()]).toEqual(['/cfg/window-state.json'])
    expect(loadWindowState(fs, '/cfg/window-state.json', [laptop, monitorRight])).toEqual(s)
  })

  it('falls back to a centred default when the file is missing, damaged or absurd', () => {
    const { fs, files } = memFs()
    const expected = defaultWindowState([laptop])
    expect(loadWindowState(fs, '/cfg/w.json', [laptop])).toEqual(expected)
    files.set('/cfg/w.json', '{"bounds": {"x": 0, "y": 0, "wid')
    expect(loadWindowState(fs, '/cfg/w.json', [laptop])).toEqual(expected)
    files.set('/cfg/w.json', JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 1e12 } }))
    expect(loadWindowState(fs, '/cfg/w.json', [laptop])).toEqual(expected)
    expect(inside(expected.bounds, laptop)).toBe(true)
    expect(expected.bounds.width).toBe(1280)
  })
})

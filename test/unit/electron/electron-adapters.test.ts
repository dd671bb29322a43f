import { beforeEach, describe, expect, it, vi } from 'vitest'
import { invokeMethods } from '@shared/protocol/channels'
import type { LabApi, RunEvent } from '@shared/protocol/lab-api'

// A per-file fake of the few electron objects the adapters touch (no global electron mock).
const fake = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>()
}))
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, h: (event: unknown, ...args: unknown[]) => unknown) => {
      if (fake.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      fake.handlers.set(channel, h)
    },
    removeHandler: (channel: string) => fake.handlers.delete(channel)
  },
  ipcRenderer: {
    invoke: async () => undefined,
    on: () => undefined,
    removeListener: () => undefined
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) }
}))

function fakeWindow() {
  const sent: [string, unknown][] = []
  const webContents = { send: (channel: string, payload: unknown) => sent.push([channel, payload]) }
  const win = { webContents, isDestroyed: () => false }
  return { win, sent, webContents }
}

function fakeBackend() {
  const listeners = new Set<(e: RunEvent) => void>()
  const backend = {
    ...Object.fromEntries(invokeMethods.map((m) => [m, async () => `${m}:ok`])),
    onRunEvent(l: (e: RunEvent) => void) {
      listeners.add(l)
      return () => listeners.delete(l)
    }
  } as unknown as LabApi
  return { backend, listeners }
}

const mainFrame = (url: string) => ({ url, parent: null })

describe('serveLabApi (ipc.ts)', () => {
  beforeEach(() => fake.handlers.clear())

  it('registers every channel, trusts only our window main frame, forwards run events', async () => {
    const { serveLabApi } = await import('../../../src-main/electron/ipc')
    const { win, sent, webContents } = fakeWindow()
    const { backend, listeners } = fakeBackend()
    const stop = serveLabApi(backend, win as never)
    expect([...fake.handlers.keys()]).toEqual(invokeMethods.map((m) => `lab:${m}`))

    const h = fake.handlers.get('lab:listSessions')!
    const ours = { sender: webContents, senderFrame: mainFrame('app://mflab/index.html') }
    await expect(h(ours)).resolves.toBe('listSessions:ok')
    await expect(
      h({ sender: { send() {} }, senderFrame: mainFrame('app://mflab/index.html') })
    ).rejects.toThrow(/untrusted sender/)
    await expect(
      h({ sender: webContents, senderFrame: { url: 'app://mflab/x.html', parent: {} } })
    ).rejects.toThrow(/untrusted sender/)
    await expect(
      h({ sender: webContents, senderFrame: mainFrame('https://evil.example/') })
    ).rejects.toThrow(/untrusted sender/)
    await expect(h({ sender: webContents, senderFrame: null })).rejects.toThrow(/untrusted/)

    const e: RunEvent = { kind: 'status', runId: 'r', status: 'paused' }
    for (const l of listeners) l(e)
    expect(sent).toEqual([['lab:runEvent', e]])

    stop()
    expect(fake.handlers.size).toBe(0)
    expect(listeners.size).toBe(0)
  })
})

describe('serveLabApi in development', () => {
  beforeEach(() => fake.handlers.clear())

  it('trusts the dev server page only when told its URL', async () => {
    const { serveLabApi } = await import('../../../src-main/electron/ipc')
    const { win, webContents } = fakeWindow()
    const devPage = { sender: webContents, senderFrame: mainFrame('http://localhost:5173/') }

    const stopPackaged = serveLabApi(fakeBackend().backend, win as never)
    await expect(fake.handlers.get('lab:listPresets')!(devPage)).rejects.toThrow(/untrusted/)
    stopPackaged()

    const stopDev = serveLabApi(fakeBackend().backend, win as never, {
      devUrl: 'http://localhost:5173'
    })
    await expect(fake.handlers.get('lab:listPresets')!(devPage)).resolves.toBe('listPresets:ok')
    const otherPort = { sender: webContents, senderFrame: mainFrame('http://localhost:8080/') }
    await expect(fake.handlers.get('lab:listPresets')!(otherPort)).rejects.toThrow(/untrusted/)
    stopDev()
  })
})

describe('preload (index.ts)', () => {
  it("exposes exactly one object, 'lab', with the invoke methods and subscriptions", async () => {
    await import('../../../src-main/electron/preload')
    expect([...fake.exposed.keys()]).toEqual(['lab'])
    const lab = fake.exposed.get('lab') as Record<string, unknown>
    expect(Object.keys(lab).sort()).toEqual([...invokeMethods, 'onAppCommand', 'onRunEvent'].sort())
  })
})

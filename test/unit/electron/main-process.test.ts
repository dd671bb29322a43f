import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { invokeMethods } from '@shared/protocol/channels'
import { createSession } from '@shared/session/create-session'
import { encodeSession } from '@shared/session/encode-session'
import { presetSpec } from '@shared/spec/presets'

// The whole main process (main.ts) against a recording fake of Electron and the real backend: checks
// the window's hardening, the served headers, the IPC guard, opening a file from argv, and quitting.
type Fn = (...args: never[]) => unknown
interface MenuItem {
  label?: string
  submenu?: MenuItem[]
  click?: () => void
  enabled?: boolean
}
const fake = vi.hoisted(() => {
  const on = () => {
    const listeners = new Map<string, Fn[]>()
    return {
      listeners,
      on(event: string, fn: Fn) {
        listeners.set(event, [...(listeners.get(event) ?? []), fn])
      },
      emit(event: string, ...args: unknown[]) {
        for (const fn of listeners.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args)
      }
    }
  }
  const state = {
    userData: '',
    quit: 0,
    sandboxEnabled: false,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    windows: [] as FakeWindow[],
    permission: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    beforeRequest: null as
      null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
    headers: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
    menus: 0,
    menu: [] as MenuItem[],
    app: on()
  }
  class FakeWindow {
    readonly events = on()
    readonly contents = on()
    readonly sent: [string, unknown][] = []
    title = ''
    url = ''
    readonly webContents = {
      send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
      on: (e: string, fn: Fn) => this.contents.on(e, fn)
    }
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this)
    }
    on(e: string, fn: Fn) {
      this.events.on(e, fn)
    }
    once(e: string, fn: Fn) {
      this.events.on(e, fn)
    }
    loadURL(url: string) {
      this.url = url
      return Promise.resolve()
    }
    setTitle(t: string) {
      this.title = t
    }
    isDestroyed = () => false
    isMinimized = () => false
    isMaximized = () => false
    isFullScreen = () => false
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 700 })
    focus() {}
    show() {}
    restore() {}
    maximize() {}
    setFullScreen() {}
    setRepresentedFilename() {}
  }
  const dialog = {
    showMessageBox: vi.fn(async (..._a: unknown[]) => ({ response: 0 })),
    showErrorBox: vi.fn(),
    showOpenDialog: vi.fn(async (..._a: unknown[]) => ({
      canceled: true,
      filePaths: [] as string[]
    })),
    showSaveDialog: vi.fn(async (..._a: unknown[]) => ({ canceled: true, filePath: '' }))
  }
  return { state, FakeWindow, dialog }
})

vi.mock('electron', () => {
  const { state, FakeWindow } = fake
  return {
    app: {
      isPackaged: true,
      getPath: () => state.userData,
      setPath: () => undefined,
      enableSandbox: () => {
        state.sandboxEnabled = true
      },
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (e: string, fn: Fn) => state.app.on(e, fn),
      quit: () => {
        state.quit++
      },
      exit: () => undefined,
      addRecentDocument: () => undefined,
      clearRecentDocuments: () => undefined
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
      handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) =>
        state.protocolHandlers.set(scheme, fn)
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof state.permission) => (state.permission = fn),
        setPermissionCheckHandler: () => undefined,
        webRequest: {
          onBeforeRequest: (_filter: unknown, fn: typeof state.beforeRequest) =>
            (state.beforeRequest = fn),
          onHeadersReceived: (fn: typeof state.headers) => (state.headers = fn)
        }
      }
    },
    screen: {
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]
    },
    BrowserWindow: FakeWindow,
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (t: MenuItem[]) => {
        state.menus++
        state.menu = t
      }
    },
    dialog: fake.dialog,
    shell: { openExternal: vi.fn(async () => undefined) },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        fake.state.ipc.set(channel, fn),
      removeHandler: (channel: string) => fake.state.ipc.delete(channel)
    }
  }
})

const { state, dialog } = fake
let work = ''
let sessionFile = ''
const argv = process.argv

async function settle(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10))
  if (!predicate()) throw new Error(`timed out waiting for ${what}`)
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mflab-main-'))
  state.userData = join(work, 'user-data')
  sessionFile = join(work, 'from-argv.mflab')
  writeFileSync(
    sessionFile,
    encodeSession(createSession(presetSpec('mmn-two-gaussians', { size: 'ci' })))
  )
  process.argv = [argv[0], 'out/main/index.js', '--some-switch', sessionFile]
  await import('../../../src-main/electron/main')
  await settle(() => state.windows.length === 1, 'the window')
})

afterAll(() => {
  process.argv = argv
  rmSync(work, { recursive: true, force: true })
})

describe('main process', () => {
  it('enables the sandbox and registers app:// as a secure standard scheme before ready', () => {
    expect(state.sandboxEnabled).toBe(true)
    expect(state.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true })
      })
    ])
  })

  it('opens one hardened window on the app origin', () => {
    const win = state.windows[0]
    expect(win.url).toBe('app://mflab/index.html')
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false
    })
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.js$/
    )
  })

  it('serves app files with the CSP and COOP/COEP, and nothing outside the renderer folder', async () => {
    const handler = state.protocolHandlers.get('app')!
    const res = await handler({ url: 'app://mflab/%2e%2e/%2e%2e/package.json' })
    expect(res.status).toBe(404)
    const patched = await new Promise<{ responseHeaders?: Record<string, string[]> }>((r) =>
      state.headers!({ url: 'app://mflab/index.html', responseHeaders: {} }, r as never)
    )
    expect(patched.responseHeaders?.['Content-Security-Policy']?.[0]).toMatch(/default-src 'self'/)
    expect(patched.responseHeaders?.['Cross-Origin-Embedder-Policy']).toEqual(['require-corp'])
  })

  it('cancels remote requests and denies permissions', async () => {
    const cancelled = await new Promise<{ cancel: boolean }>((r) =>
      state.beforeRequest!({ url: 'https://example.com/tracker.js' }, r)
    )
    expect(cancelled.cancel).toBe(true)
    const granted = await new Promise<boolean>((r) => state.permission!({}, 'media', r))
    expect(granted).toBe(false)
  })

  it('refuses navigation away from the app and every new window', () => {
    const contents = {
      events: new Map<string, Fn>(),
      on(e: string, fn: Fn) {
        this.events.set(e, fn)
      },
      openHandler: null as null | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
        this.openHandler = fn
      }
    }
    state.app.emit('web-contents-created', {}, contents)
    const nav = (url: string) => {
      const e = { url, prevented: false, preventDefault: () => (e.prevented = true) }
      ;(contents.events.get('will-navigate') as (e: unknown) => void)(e)
      return e.prevented
    }
    expect(nav('https://evil.example/')).toBe(true)
    expect(nav('file:///etc/passwd')).toBe(true)
    expect(nav('app://mflab/index.html#/library')).toBe(false)
    expect(contents.openHandler!({ url: 'https://arxiv.org/abs/1804.06561' })).toEqual({
      action: 'deny'
    })
    expect(contents.openHandler!({ url: 'app://mflab/index.html' })).toEqual({ action: 'deny' })
  })

  it('serves the LabApi over IPC to the window, refusing other senders', async () => {
    const win = state.windows[0]
    expect([...state.ipc.keys()].sort()).toEqual(invokeMethods.map((m) => `lab:${m}`).sort())
    const trusted = { sender: win.webContents, senderFrame: { url: win.url, parent: null } }
    const presets = (await state.ipc.get('lab:listPresets')!(trusted)) as { id: string }[]
    expect(presets.map((p) => p.id)).toContain('mmn-two-gaussians')
    const stranger = { sender: {}, senderFrame: { url: win.url, parent: null } }
    await expect(state.ipc.get('lab:listPresets')!(stranger)).rejects.toThrow(/untrusted/)
    await expect(state.ipc.get('lab:presetSpec')!(trusted, '../x')).rejects.toThrow(
      /lab:presetSpec: id/
    )
  })

  it('opens the session file given on argv once the page has loaded', async () => {
    const win = state.windows[0]
    await settle(() => win.title.includes('from-argv.mflab'), 'the title to name the file')
    expect(win.title).toBe('from-argv.mflab — Mean-Field Lab')
    expect(win.sent).toEqual([])
    win.contents.emit('did-finish-load')
    expect(win.sent).toHaveLength(1)
    const [channel, command] = win.sent[0] as [string, { kind: string; session: { id: string } }]
    expect(channel).toBe('lab:appCommand')
    expect(command.kind).toBe('session-opened')
    const trusted = { sender: win.webContents, senderFrame: { url: win.url, parent: null } }
    const data = (await state.ipc.get('lab:loadSession')!(trusted, command.session.id)) as {
      spec: { preset?: string }
    }
    expect(data.spec.preset).toBe('mmn-two-gaussians')
  })

  it("opens a second instance's file in the running window", async () => {
    const win = state.windows[0]
    const other = join(work, 'second.mflab')
    writeFileSync(
      other,
      encodeSession(createSession(presetSpec('mmn-two-gaussians', { size: 'ci' })))
    )
    state.app.emit('second-instance', {}, ['/opt/mflab/mean-field-lab', 'second.mflab'], work)
    await settle(() => win.title.startsWith('second.mflab'), 'the second file to open')
    expect(win.sent.at(-1)).toMatchObject(['lab:appCommand', { kind: 'session-opened' }])
  })

  it('File › Save As… and Export… write where the user chose, through native dialogs', async () => {
    const win = state.windows[0]
    const file = (label: string) =>
      state.menu.find((m) => m.label === '&File')!.submenu!.find((i) => i.label === label)!
    expect(file('Save As…').enabled).toBe(true)

    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({
      canceled: false,
      filePath: join(work, 'chosen')
    })
    file('Save As…').click!()
    await settle(() => existsSync(join(work, 'chosen.mflab')), 'the saved file')
    await settle(() => win.title.startsWith('chosen.mflab'), 'the title to follow the save')

    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({
      canceled: false,
      filePath: join(work, 'metrics.csv')
    })
    file('Export…').click!()
    await settle(() => existsSync(join(work, 'metrics.csv')), 'the CSV export')

    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({
      canceled: false,
      filePath: join(work, 'session.json')
    })
    file('Export…').click!()
    await settle(() => existsSync(join(work, 'session.json')), 'the JSON export')
    await settle(() => readFileSync(join(work, 'session.json'), 'utf8').endsWith('\n'), 'JSON')
    expect(JSON.stringify(JSON.parse(readFileSync(join(work, 'session.json'), 'utf8')))).toContain(
      'mmn-two-gaussians'
    )

    vi.mocked(dialog.showSaveDialog).mockResolvedValueOnce({ canceled: true, filePath: '' })
    file('Save As…').click!()
    await new Promise((r) => setTimeout(r, 50))
    expect(dialog.showMessageBox).not.toHaveBeenCalled()
  })

  it('File › Open… opens the chosen file; a broken file becomes a message, not a crash', async () => {
    const broken = join(work, 'broken.mflab')
    writeFileSync(broken, 'not a zip')
    const open = state.menu
      .find((m) => m.label === '&File')!
      .submenu!.find((i) => i.label === 'Open…')!
    vi.mocked(dialog.showOpenDialog).mockResolvedValueOnce({ canceled: false, filePaths: [broken] })
    open.click!()
    await settle(() => vi.mocked(dialog.showMessageBox).mock.calls.length === 1, 'the error box')
    const [, opts] = vi.mocked(dialog.showMessageBox).mock.calls[0] as unknown as [
      unknown,
      { type: string; message: string }
    ]
    expect(opts.type).toBe('error')
    expect(opts.message.length).toBeGreaterThan(0)
  })

  it('shuts the backend down before quitting', async () => {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) }
    state.app.emit('will-quit', event)
    expect(event.prevented).toBe(true)
    await settle(() => state.quit === 1, 'app.quit after shutdown')
  })
})

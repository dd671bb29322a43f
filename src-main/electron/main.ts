import { frontSessionAfter, type FrontSession } from './front-session'
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  protocol,
  screen,
  session,
  shell,
  type WebContents
} from 'electron'
import * as fs from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { AppCommand, ChosenData, LabApi } from '@shared/protocol/lab-api'
import { MAX_DATA_VALUES } from '@shared/protocol/arg-schemas'
import { readCsvFile } from '../backend/read-csv-file'
import { createLabBackend, type LabBackend } from '../backend/lab-backend'
import { exportFormatOf } from '../backend/session-exports'
import { registerAppImage, runQuietly } from './appimage-integration'
import { serveLabApi, sendAppCommand } from './ipc'
import { buildMenuTemplate } from './menu'
import { addRecentFile, loadRecentFiles, saveRecentFiles } from './recent-files'
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  appUrlToFile,
  isAppUrl,
  mimeTypeOf,
  securityHeaders,
  withSecurityHeaders
} from './security'
import { SESSION_EXTENSION, sessionFilesInArgv } from './session-file-args'
import { loadWindowState, saveWindowState, type WindowState } from './window-state'

const PRODUCT_NAME = 'Mean-Field Lab'
const SESSION_FILTERS = [{ name: `${PRODUCT_NAME} session`, extensions: [SESSION_EXTENSION] }]
/** The Vite dev server, only in development (`electron-vite dev`); packaged apps serve app://. */
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined
const rendererRoot = join(__dirname, '../renderer')

// All of these must happen before 'ready'.
// MFLAB_USER_DATA gives a test (or a portable install) its own settings, recent list and library.
if (process.env.MFLAB_USER_DATA) app.setPath('userData', resolve(process.env.MFLAB_USER_DATA))
app.enableSandbox()
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      codeCache: true
    }
  }
])

/** Mutable state of the one window this app has. */
interface Shell {
  backend: LabBackend
  win: BrowserWindow | null
  loaded: boolean
  pending: AppCommand[]
  recent: string[]
  current: FrontSession | null
}

let desktop: Shell | null = null
const filesBeforeReady: string[] = sessionFilesInArgv(process.argv.slice(1)).map((f) => resolve(f))

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // macOS hands files over by event, possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault()
    if (desktop) void openFile(desktop, file)
    else filesBeforeReady.push(file)
  })
  app.on('web-contents-created', (_e, contents) => hardenContents(contents))
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fatal(e))
}

function start(): void {
  hardenSession()
  serveAppProtocol()
  const userData = app.getPath('userData')
  const backend: LabBackend = createLabBackend({
    dataDir: userData,
    log: (line) => console.log(`[backend] ${line}`),
    // Inside app.asar when packaged: worker_threads reads asar since Electron 17 (electron#33216).
    workerPath: join(__dirname, 'compute-worker.js')
  })
  desktop = {
    backend,
    win: null,
    loaded: false,
    pending: [],
    recent: loadRecentFiles(fs, join(userData, 'recent-files.json')),
    current: null
  }
  const s = desktop
  createWindow(s)
  app.on('second-instance', (_e, argv, cwd) => {
    focusWindow(s)
    for (const f of sessionFilesInArgv(argv.slice(1))) void openFile(s, resolve(cwd, f))
  })
  app.on('window-all-closed', () => app.quit())
  app.on('activate', () => {
    if (!s.win) createWindow(s)
  })
  let shutDown = false
  app.on('will-quit', (event) => {
    if (shutDown) return
    event.preventDefault()
    shutDown = true
    s.backend.shutdown().finally(() => app.quit())
  })
  for (const f of filesBeforeReady.splice(0)) void openFile(s, f)
  integrateAppImage()
}

/** An AppImage installs nothing: on its first run it registers .mflab for this user. */
function integrateAppImage(): void {
  const appImage = process.env.APPIMAGE
  if (process.platform !== 'linux' || !appImage || !app.isPackaged) return
  const dataHome = process.env.XDG_DATA_HOME || join(app.getPath('home'), '.local', 'share')
  registerAppImage({ appImage, appDir: process.env.APPDIR, dataHome, run: runQuietly })
    .then((r) => r.written.length && console.log(`[desktop] registered .mflab: ${r.written}`))
    .catch((e: unknown) => console.log(`[desktop] could not register .mflab: ${e}`))
}

function createWindow(s: Shell): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json')
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea)
  const state = loadWindowState(fs, stateFile, workAreas)
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: PRODUCT_NAME,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  })
  s.win = win
  s.loaded = false
  // the backend plus the one call that needs the shell: choosing a data file with a dialog
  const api: LabApi = { ...s.backend, chooseDataFile: () => chooseDataFile(s) }
  const stopServing = serveLabApi(api, win, {
    devUrl,
    observe: (method, args, result) => trackCurrent(s, method, args, result)
  })
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize()
    if (state.fullScreen) win.setFullScreen(true)
    win.show()
  })
  // The title names the open file, whatever the page's <title> says.
  win.on('page-title-updated', (e) => {
    e.preventDefault()
    updateTitle(s)
  })
  win.webContents.on('did-finish-load', () => {
    s.loaded = true
    for (const c of s.pending.splice(0)) sendAppCommand(win, c)
  })
  win.on('close', () => saveWindowState(fs, stateFile, currentWindowState(win)))
  win.on('closed', () => {
    stopServing()
    s.win = null
  })
  rebuildMenu(s)
  void win.loadURL(devUrl ?? APP_ENTRY_URL)
}

function currentWindowState(win: BrowserWindow): WindowState {
  return {
    bounds: win.getNormalBounds(),
    maximized: win.isMaximized(),
    fullScreen: win.isFullScreen()
  }
}

/** Keeps the session in front current with the calls the UI makes (see frontSessionAfter). */
function trackCurrent(s: Shell, method: string, args: readonly unknown[], result: unknown): void {
  const next = frontSessionAfter(s.current, method, args, result)
  if (next !== s.current) setCurrent(s, next)
}

function setCurrent(s: Shell, current: Shell['current']): void {
  const changed = Boolean(current) !== Boolean(s.current)
  s.current = current
  updateTitle(s)
  if (changed) rebuildMenu(s)
}

function updateTitle(s: Shell): void {
  if (!s.win || s.win.isDestroyed()) return
  const name = s.current?.file ? basename(s.current.file) : s.current?.title
  s.win.setTitle(name ? `${name} — ${PRODUCT_NAME}` : PRODUCT_NAME)
  if (process.platform === 'darwin') s.win.setRepresentedFilename(s.current?.file ?? '')
}

function command(s: Shell, c: AppCommand): void {
  if (s.win && s.loaded) sendAppCommand(s.win, c)
  else s.pending.push(c)
}

function rebuildMenu(s: Shell): void {
  const template = buildMenuTemplate(
    {
      newExperiment: () => {
        focusWindow(s)
        command(s, { kind: 'new-experiment' })
      },
      open: () => void openWithDialog(s),
      openRecent: (file) => void openFile(s, file),
      clearRecent: () => {
        s.recent = []
        saveRecentFiles(fs, join(app.getPath('userData'), 'recent-files.json'), s.recent)
        app.clearRecentDocuments()
        rebuildMenu(s)
      },
      save: () => void guarded(s, () => save(s)),
      saveAs: () => void guarded(s, () => saveAs(s)),
      exportSession: () => void guarded(s, () => exportCurrent(s)),
      close: () => {
        setCurrent(s, null)
        command(s, { kind: 'close-session' })
      },
      settings: () => {
        focusWindow(s)
        command(s, { kind: 'open-settings' })
      }
    },
    {
      appName: PRODUCT_NAME,
      isMac: process.platform === 'darwin',
      recentFiles: s.recent,
      hasSession: s.current !== null,
      devTools: !app.isPackaged
    }
  )
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

async function openWithDialog(s: Shell): Promise<void> {
  const r = await showOpenDialog(s)
  if (!r.canceled) for (const f of r.filePaths) await openFile(s, f)
}

function showOpenDialog(s: Shell): Promise<Electron.OpenDialogReturnValue> {
  const opts: Electron.OpenDialogOptions = {
    title: 'Open session',
    filters: SESSION_FILTERS,
    properties: ['openFile']
  }
  return s.win ? dialog.showOpenDialog(s.win, opts) : dialog.showOpenDialog(opts)
}

/** Opens a session file chosen by the user or the OS, and shows it. */
async function openFile(s: Shell, file: string): Promise<void> {
  await guarded(s, async () => {
    const summary = await s.backend.openSessionFile(file)
    rememberRecent(s, file)
    setCurrent(s, { id: summary.id, title: summary.title, file })
    if (!s.win) createWindow(s)
    focusWindow(s)
    command(s, { kind: 'session-opened', session: summary })
  })
}

function rememberRecent(s: Shell, file: string): void {
  s.recent = addRecentFile(s.recent, file)
  saveRecentFiles(fs, join(app.getPath('userData'), 'recent-files.json'), s.recent)
  app.addRecentDocument(file)
  rebuildMenu(s)
}

async function save(s: Shell): Promise<void> {
  if (!s.current) return
  if (!s.current.file) return saveAs(s)
  await s.backend.saveSession(s.current.id)
}

async function saveAs(s: Shell): Promise<void> {
  const current = s.current
  if (!current) return
  const opts: Electron.SaveDialogOptions = {
    title: 'Save session as',
    defaultPath: current.file ?? `${safeFileName(current.title)}.${SESSION_EXTENSION}`,
    filters: SESSION_FILTERS
  }
  const r = s.win ? await dialog.showSaveDialog(s.win, opts) : await dialog.showSaveDialog(opts)
  if (r.canceled || !r.filePath) return
  const file = r.filePath.endsWith(`.${SESSION_EXTENSION}`)
    ? r.filePath
    : `${r.filePath}.${SESSION_EXTENSION}`
  const summary = await s.backend.saveSessionAs(current.id, file)
  rememberRecent(s, file)
  setCurrent(s, { id: summary.id, title: summary.title, file })
}

/**
 * The own-data step's file dialog: the user picks a CSV file, main reads it with the streaming
 * parser (bounded by what a run may carry) and hands the page its rows, never its path.
 */
async function chooseDataFile(s: Shell): Promise<ChosenData | null> {
  const opts: Electron.OpenDialogOptions = {
    title: 'Choose your data (CSV)',
    filters: [{ name: 'CSV data', extensions: ['csv', 'tsv', 'txt'] }],
    properties: ['openFile']
  }
  const r = s.win ? await dialog.showOpenDialog(s.win, opts) : await dialog.showOpenDialog(opts)
  if (r.canceled || r.filePaths.length === 0) return null
  const file = r.filePaths[0]
  try {
    return await readCsvFile(file, { maxValues: MAX_DATA_VALUES })
  } catch (e) {
    throw new Error(`${basename(file)}: ${(e as Error).message}`)
  }
}

async function exportCurrent(s: Shell): Promise<void> {
  const current = s.current
  if (!current) return
  const opts: Electron.SaveDialogOptions = {
    title: 'Export session data',
    defaultPath: `${safeFileName(current.title)}.json`,
    filters: [
      { name: 'JSON', extensions: ['json'] },
      { name: 'CSV (metric series)', extensions: ['csv'] }
    ]
  }
  const r = s.win ? await dialog.showSaveDialog(s.win, opts) : await dialog.showSaveDialog(opts)
  if (r.canceled || !r.filePath) return
  await s.backend.exportSession(current.id, r.filePath, exportFormatOf(r.filePath))
}

function safeFileName(title: string): string {
  return title.replace(/[/\\:*?"<>|\u0000-\u001f]+/g, ' ').trim() || 'experiment'
}

/** Runs a user action; a failure becomes a message box, never an unhandled rejection. */
async function guarded(s: Shell, action: () => Promise<void>): Promise<void> {
  try {
    await action()
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const opts = { type: 'error' as const, title: PRODUCT_NAME, message }
    if (s.win) await dialog.showMessageBox(s.win, opts)
    else await dialog.showMessageBox(opts)
  }
}

function focusWindow(s: Shell): void {
  if (!s.win) return
  if (s.win.isMinimized()) s.win.restore()
  s.win.focus()
}

/** Serves out/renderer under app://mflab with the security headers on every response. */
function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appUrlToFile(rendererRoot, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await fs.promises.readFile(file)
      return new Response(body, {
        headers: { 'Content-Type': mimeTypeOf(file), ...securityHeaders() }
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

/** No remote content, no permissions, our headers on every response (the dev server's too). */
function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (details, callback) =>
      callback({ cancel: !isAppUrl(details.url, devUrl) && !isDevSocket(details.url) })
  )
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, devUrl)) return callback({})
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, devUrl) })
  })
}

function isDevSocket(url: string): boolean {
  if (!devUrl) return false
  const u = new URL(url)
  return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.host === new URL(devUrl).host
}

/** Every web contents: no navigation away from the app, no new windows, no <webview>. */
function hardenContents(contents: WebContents): void {
  const refuse = (e: Electron.Event, url: string): void => {
    if (!isAppUrl(url, devUrl)) e.preventDefault()
  }
  contents.on('will-navigate', (e) => refuse(e, e.url))
  contents.on('will-redirect', (e) => refuse(e, e.url))
  contents.on('will-attach-webview', (e) => e.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // A link to a paper opens in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

function fatal(e: unknown): void {
  dialog.showErrorBox(PRODUCT_NAME, e instanceof Error ? (e.stack ?? e.message) : String(e))
  app.exit(1)
}

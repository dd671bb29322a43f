import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { APP_COMMAND_CHANNEL, RUN_EVENT_CHANNEL } from '@shared/protocol/channels'
import type { AppCommand, LabApi, RunEvent } from '@shared/protocol/lab-api'
import { createIpcHandlers, type CallObserver } from './ipc-handlers'
import { isAppUrl } from './security'

/** Options of {@link serveLabApi}. */
export interface ServeOptions {
  /** The Vite dev server URL in development: its pages count as the app's own. */
  devUrl?: string
  /** Told about every call that reached the backend. */
  observe?: CallObserver
}

/**
 * Serves the backend to one window: registers `ipcMain.handle` for every invoke method (sender
 * checked, arguments validated) and forwards run events on `lab:runEvent`. Returns a function that
 * unregisters everything. This is the only user of `ipcMain`.
 */
export function serveLabApi(
  backend: LabApi,
  win: BrowserWindow,
  { devUrl, observe }: ServeOptions = {}
): () => void {
  const isTrusted = (event: unknown): boolean =>
    isTrustedSender(event as IpcMainInvokeEvent, win, devUrl)
  const handlers = createIpcHandlers(backend, isTrusted, observe)
  for (const [channel, handler] of handlers) ipcMain.handle(channel, handler)
  const unsubscribe = backend.onRunEvent((e: RunEvent) => {
    if (!win.isDestroyed()) win.webContents.send(RUN_EVENT_CHANNEL, e)
  })
  return () => {
    unsubscribe()
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel)
  }
}

/** Sends a shell command (menu action, file opened by the OS) to the window's UI. */
export function sendAppCommand(win: BrowserWindow, command: AppCommand): void {
  if (!win.isDestroyed()) win.webContents.send(APP_COMMAND_CHANNEL, command)
}

/** Only the main frame of our own window, showing our own page, may call the backend. */
function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow, devUrl?: string): boolean {
  if (win.isDestroyed() || event.sender !== win.webContents) return false
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isAppUrl(frame.url, devUrl)
}

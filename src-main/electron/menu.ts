import type { MenuItemConstructorOptions } from 'electron'
import { basename } from 'node:path'

/** What the menu's own items do; roles (Undo, Copy, Quit, Full Screen, …) are left to Electron. */
export interface MenuActions {
  newExperiment(): void
  open(): void
  openRecent(file: string): void
  clearRecent(): void
  save(): void
  saveAs(): void
  exportSession(): void
  close(): void
  settings(): void
}

export interface MenuOptions {
  appName: string
  /** macOS puts Quit under the app menu and keeps a Window menu. */
  isMac: boolean
  /** Most recent first. */
  recentFiles: readonly string[]
  /** Whether a session is in front (Save, Save As, Export and Close need one). */
  hasSession: boolean
  /** Adds Reload and the developer tools (development builds only). */
  devTools: boolean
}

/**
 * The application menu as a template for `Menu.buildFromTemplate`: File (New, Open…, Open Recent,
 * Save, Save As…, Export…, Close, Settings…, Quit; Settings… in the app menu on macOS), Edit (Undo/Redo/Cut/Copy/Paste roles), View (Toggle Full
 * Screen), with the usual accelerators. Pure, so its shape is tested without Electron.
 */
export function buildMenuTemplate(
  actions: MenuActions,
  opts: MenuOptions
): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = opts.recentFiles.length
    ? [
        ...opts.recentFiles.map((file) => ({
          label: basename(file),
          toolTip: file,
          click: () => actions.openRecent(file)
        })),
        { type: 'separator' },
        { label: 'Clear Menu', click: () => actions.clearRecent() }
      ]
    : [{ label: 'No Recent Sessions', enabled: false }]

  // Preferences live in the app menu on macOS and under File elsewhere, as users expect there.
  const settingsItem: MenuItemConstructorOptions = {
    label: 'Settings…',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.settings()
  }

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Experiment', accelerator: 'CmdOrCtrl+N', click: () => actions.newExperiment() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      {
        label: 'Save',
        accelerator: 'CmdOrCtrl+S',
        enabled: opts.hasSession,
        click: () => actions.save()
      },
      {
        label: 'Save As…',
        accelerator: 'CmdOrCtrl+Shift+S',
        enabled: opts.hasSession,
        click: () => actions.saveAs()
      },
      {
        label: 'Export…',
        accelerator: 'CmdOrCtrl+E',
        enabled: opts.hasSession,
        click: () => actions.exportSession()
      },
      { type: 'separator' },
      {
        label: 'Close',
        accelerator: 'CmdOrCtrl+W',
        enabled: opts.hasSession,
        click: () => actions.close()
      },
      ...(opts.isMac
        ? []
        : [
            { type: 'separator' } as const,
            settingsItem,
            { type: 'separator' } as const,
            { role: 'quit' } as const
          ])
    ]
  }

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' }
    ]
  }

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(opts.devTools
        ? [
            { role: 'reload' } as const,
            { role: 'toggleDevTools' } as const,
            { type: 'separator' } as const
          ]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' }
    ]
  }

  const appMenu: MenuItemConstructorOptions = {
    label: opts.appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      settingsItem,
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' }
    ]
  }

  return opts.isMac ? [appMenu, file, edit, view, { role: 'windowMenu' }] : [file, edit, view]
}

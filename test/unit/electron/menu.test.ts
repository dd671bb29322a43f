import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import {
  buildMenuTemplate,
  type MenuActions,
  type MenuOptions
} from '../../../src-main/electron/menu'

function recordingActions() {
  const calls: string[] = []
  const actions: MenuActions = {
    newExperiment: () => calls.push('new'),
    open: () => calls.push('open'),
    openRecent: (f) => calls.push(`recent:${f}`),
    clearRecent: () => calls.push('clear'),
    save: () => calls.push('save'),
    saveAs: () => calls.push('saveAs'),
    exportSession: () => calls.push('export'),
    close: () => calls.push('close'),
    settings: () => calls.push('settings')
  }
  return { actions, calls }
}

const base: MenuOptions = {
  appName: 'Mean-Field Lab',
  isMac: false,
  recentFiles: ['/home/u/a.mflab', '/home/u/b.mflab'],
  hasSession: true,
  devTools: false
}

const submenu = (item: MenuItemConstructorOptions) => item.submenu as MenuItemConstructorOptions[]
const byLabel = (items: MenuItemConstructorOptions[], label: string) => {
  const found = items.find((i) => i.label === label)
  if (!found) throw new Error(`no menu item ${label}`)
  return found
}
const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)()

describe('application menu', () => {
  it('has File, Edit and View with the usual accelerators', () => {
    const { actions } = recordingActions()
    const menu = buildMenuTemplate(actions, base)
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View'])
    const file = submenu(menu[0])
    const accel = Object.fromEntries(
      file.filter((i) => i.label).map((i) => [i.label, i.accelerator ?? null])
    )
    expect(accel).toEqual({
      'New Experiment': 'CmdOrCtrl+N',
      'Open…': 'CmdOrCtrl+O',
      'Open Recent': null,
      Save: 'CmdOrCtrl+S',
      'Save As…': 'CmdOrCtrl+Shift+S',
      'Export…': 'CmdOrCtrl+E',
      Close: 'CmdOrCtrl+W',
      'Settings…': 'CmdOrCtrl+,'
    })
    expect(file.at(-1)?.role).toBe('quit')
    expect(
      submenu(menu[1])
        .map((i) => i.role)
        .filter(Boolean)
    ).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    expect(submenu(menu[2]).map((i) => i.role)).toContain('togglefullscreen')
    expect(submenu(menu[2]).map((i) => i.role)).not.toContain('toggleDevTools')
  })

  it('wires each item to its action, and recent files to their path', () => {
    const { actions, calls } = recordingActions()
    const file = submenu(buildMenuTemplate(actions, base)[0])
    for (const label of [
      'New Experiment',
      'Open…',
      'Save',
      'Save As…',
      'Export…',
      'Close',
      'Settings…'
    ])
      click(byLabel(file, label))
    const recent = submenu(byLabel(file, 'Open Recent'))
    expect(recent.map((i) => i.label)).toEqual(['a.mflab', 'b.mflab', undefined, 'Clear Menu'])
    click(recent[1])
    click(byLabel(recent, 'Clear Menu'))
    expect(calls).toEqual([
      'new',
      'open',
      'save',
      'saveAs',
      'export',
      'close',
      'settings',
      'recent:/home/u/b.mflab',
      'clear'
    ])
  })

  it('disables session actions when no session is in front, and shows an empty recent list', () => {
    const { actions } = recordingActions()
    const file = submenu(
      buildMenuTemplate(actions, { ...base, hasSession: false, recentFiles: [] })[0]
    )
    for (const label of ['Save', 'Save As…', 'Export…', 'Close'])
      expect(byLabel(file, label).enabled).toBe(false)
    expect(byLabel(file, 'Open…').enabled).toBeUndefined()
    expect(submenu(byLabel(file, 'Open Recent'))).toEqual([
      { label: 'No Recent Sessions', enabled: false }
    ])
  })

  it('follows macOS conventions on macOS', () => {
    const { actions } = recordingActions()
    const menu = buildMenuTemplate(actions, { ...base, isMac: true, devTools: true })
    expect(menu[0].label).toBe('Mean-Field Lab')
    expect(submenu(menu[0]).at(-1)?.role).toBe('quit')
    expect(byLabel(submenu(menu[0]), 'Settings…').accelerator).toBe('CmdOrCtrl+,')
    expect(submenu(menu[1]).map((i) => i.label)).not.toContain('Settings…')
    expect(submenu(menu[1]).map((i) => i.role)).not.toContain('quit')
    expect(menu.at(-1)?.role).toBe('windowMenu')
    expect(submenu(menu[3]).map((i) => i.role)).toContain('toggleDevTools')
  })
})

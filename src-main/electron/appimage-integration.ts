import { execFile } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'

/** The session file type, as the deb registers it (electron-builder.yml fileAssociations). */
const MIME_TYPE = 'application/x-mflab'
const NAME = 'mean-field-lab'

/** Where an AppImage run is and whose desktop it integrates into. */
export interface AppImageHost {
  /** $APPIMAGE: the AppImage file itself (stable, unlike its mount point). */
  appImage: string
  /** $APPDIR: where the AppImage is mounted this run (its icon is there). */
  appDir?: string
  /** $XDG_DATA_HOME, else ~/.local/share. */
  dataHome: string
  /** Runs a desktop database tool; failures are ignored (the files still count at next login). */
  run?: (command: string, args: string[]) => Promise<void>
}

/** What {@link registerAppImage} changed (nothing when the desktop already knew this AppImage). */
export interface Registration {
  written: string[]
}

/**
 * Registers the .mflab type and a desktop entry for a running AppImage, for this user only: an
 * AppImage installs nothing, so without this a double-click on a session file opens nothing.
 * Idempotent: files are rewritten only when their content changes (e.g. the AppImage moved), and
 * the desktop databases are refreshed only then.
 */
export async function registerAppImage(host: AppImageHost): Promise<Registration> {
  const written: string[] = []
  // A line break in the path would end the Exec line early; such a file is not registered.
  if (/[\r\n]/.test(host.appImage)) return { written }
  const put = (file: string, text: string) => {
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return
    mkdirSync(dirname(file), { recursive: true })
    const temp = `${file}.tmp-${process.pid}`
    writeFileSync(temp, text)
    renameSync(temp, file)
    written.push(file)
  }
  const mimeDir = join(host.dataHome, 'mime')
  const appsDir = join(host.dataHome, 'applications')
  const icon = host.appDir ? join(host.appDir, '.DirIcon') : null
  const iconFile = join(host.dataHome, 'icons', 'hicolor', '512x512', 'apps', `${NAME}.png`)
  if (icon && existsSync(icon) && !existsSync(iconFile)) {
    mkdirSync(dirname(iconFile), { recursive: true })
    copyFileSync(icon, iconFile)
  }
  put(join(mimeDir, 'packages', `${NAME}.xml`), mimeXml())
  put(join(appsDir, `${NAME}-appimage.desktop`), desktopEntry(host.appImage, existsSync(iconFile)))
  if (written.length && host.run) {
    await host.run('update-mime-database', [mimeDir])
    await host.run('update-desktop-database', [appsDir])
  }
  return { written }
}

/** Runs a tool with a time limit; a missing tool or a failure is not an error here. */
export function runQuietly(command: string, args: string[]): Promise<void> {
  return new Promise((resolve) => execFile(command, args, { timeout: 10_000 }, () => resolve()))
}

function mimeXml(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="${MIME_TYPE}">
    <comment>Mean-Field Lab session</comment>
    <glob pattern="*.mflab"/>
  </mime-type>
</mime-info>
`
}

// Per the Desktop Entry spec, Exec quotes the path and escapes ", `, $ and \ in it; then, as in
// every string value, each backslash is doubled (so a literal $ is written \\$).
function desktopEntry(appImage: string, hasIcon: boolean): string {
  const asString = (s: string) => s.replace(/\\/g, '\\\\')
  const quoted = asString(`"${appImage.replace(/(["`$\\])/g, '\\$1')}"`)
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Mean-Field Lab',
    'Comment=Two-layer networks as interacting particles, explored by experiment',
    `Exec=${quoted.replace(/%/g, '%%')} %F`,
    `TryExec=${asString(appImage)}`,
    ...(hasIcon ? [`Icon=${NAME}`] : []),
    'Terminal=false',
    'Categories=Science;Education;',
    `MimeType=${MIME_TYPE};`,
    'StartupWMClass=Mean-Field Lab',
    ''
  ].join('\n')
}

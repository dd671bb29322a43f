// Smoke test of the real desktop app: starts Electron on the built out/, opens a session file given
// on the command line, checks the hardened bridge, and closes. Skips (with the reason) when the
// Electron binary is absent: electron 45 downloads it lazily, and this test must never do that.
import { strict as assert } from 'node:assert'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const mainJs = join(root, 'out/main/index.js')
const cliJs = join(root, 'out/cli/mflab.cjs')
const INVOKE_METHODS = [
  'listPresets',
  'presetSpec',
  'validateSpec',
  'startRun',
  'controlRun',
  'listSessions',
  'loadSession',
  'saveSession',
  'addNote'
]

/** The Electron executable, found the way node_modules/electron/index.js does, without downloading. */
function electronBinary() {
  const pkg = join(root, 'node_modules/electron')
  const pathFile = join(pkg, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist')
  const exe = rel ? join(dist, rel) : null
  return exe && existsSync(exe) ? exe : null
}

const exe = electronBinary()
const skip = exe ? false : 'Electron binary not installed: no network to download it'

test(
  'desktop app starts, opens a session file and closes',
  { skip, timeout: 120_000 },
  async () => {
    assert.ok(existsSync(mainJs), 'out/main/index.js is missing: run `npm run build` first')
    assert.ok(existsSync(cliJs), 'out/cli/mflab.cjs is missing: run `npm run build` first')
    const { _electron } = await import('playwright-core')
    const work = mkdtempSync(join(tmpdir(), 'mflab-smoke-'))
    try {
      const session = join(work, 'smoke.mflab')
      execFileSync(process.execPath, [cliJs, 'new', '--preset', 'mmn-two-gaussians', '-o', session])
      const headless =
        process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
          ? ['--ozone-platform=headless']
          : []
      const app = await _electron.launch({
        executablePath: exe,
        args: [...headless, mainJs, session],
        cwd: root,
        env: { ...process.env, MFLAB_USER_DATA: join(work, 'user-data') }
      })
      try {
        const page = await app.firstWindow()
        await page.waitForLoadState('domcontentloaded')

        const bridge = await page.evaluate(() => ({
          lab: Object.keys(window.lab ?? {}).sort(),
          require: typeof window.require,
          process: typeof window.process,
          isolated: window.crossOriginIsolated,
          origin: location.origin
        }))
        assert.deepEqual(bridge.lab, [...INVOKE_METHODS, 'onAppCommand', 'onRunEvent'].sort())
        assert.equal(bridge.require, 'undefined', 'no Node integration in the page')
        assert.equal(bridge.process, 'undefined', 'no Node integration in the page')
        assert.equal(bridge.isolated, true, 'COOP/COEP make the page cross-origin isolated')
        assert.equal(bridge.origin, 'app://mflab')

        const prefs = await app.evaluate(({ BrowserWindow }) => {
          const p = BrowserWindow.getAllWindows()[0].webContents.getLastWebPreferences()
          return {
            contextIsolation: p.contextIsolation,
            sandbox: p.sandbox,
            node: p.nodeIntegration
          }
        })
        assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, node: false })

        // The file given on argv is opened: the window title names it.
        await assert.doesNotReject(
          page.waitForFunction(() => document.title !== '', null, { timeout: 5_000 })
        )
        const deadline = Date.now() + 30_000
        let title = ''
        while (Date.now() < deadline) {
          title = await app.evaluate(({ BrowserWindow }) =>
            BrowserWindow.getAllWindows()[0].getTitle()
          )
          if (title.includes('smoke.mflab')) break
          await new Promise((r) => setTimeout(r, 250))
        }
        assert.match(title, /smoke\.mflab — Mean-Field Lab/)
        assert.deepEqual(
          (await page.evaluate(() => window.lab.listSessions())).some((s) =>
            String(s.fileName ?? '').endsWith('smoke.mflab')
          ),
          true
        )
      } finally {
        await app.close()
      }
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
)

// Smoke test of the real desktop app: starts Electron on a session file given on the command line,
// checks the hardened bridge against src-shared/protocol/channels.ts, starts a short run from the
// lesson and waits for its first chart point, stops it, saves it through File › Save (the menu's
// own code path, with the save dialog answered), quits, and checks the saved file on disk.
//
// Which app: MFLAB_APP_EXECUTABLE names a packaged app's binary (e.g. dist/linux-unpacked/
// mean-field-lab), which then runs from its own app.asar; otherwise node_modules' Electron runs
// out/main. Skips (with the reason) when there is no Electron binary: electron 45 downloads it
// lazily, and this test never does. MFLAB_REQUIRE_ELECTRON=1 (the release workflow) turns that
// skip into a failure.
import { strict as assert } from 'node:assert'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { transform } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const mainJs = join(root, 'out/main/index.js')
const cliJs = join(root, 'out/cli/mflab.cjs')

/** invokeMethods and eventMethods, read from the one list the bridge is generated from. */
async function bridgeMethods() {
  const source = readFileSync(join(root, 'src-shared/protocol/channels.ts'), 'utf8')
  const { code } = await transform(source, { loader: 'ts', format: 'esm' })
  const m = await import(`data:text/javascript,${encodeURIComponent(code)}`)
  return [...m.invokeMethods, ...m.eventMethods]
}

/** The Electron executable, found the way node_modules/electron/index.js does, without downloading. */
function electronBinary() {
  const pkg = join(root, 'node_modules/electron')
  const pathFile = join(pkg, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist')
  const exe = rel ? join(dist, rel) : null
  return exe && existsSync(exe) ? exe : null
}

const packaged = process.env.MFLAB_APP_EXECUTABLE ? resolve(process.env.MFLAB_APP_EXECUTABLE) : null
const exe = packaged ?? electronBinary()
const required = process.env.MFLAB_REQUIRE_ELECTRON === '1'
const skip = exe || required ? false : 'Electron binary not installed: no network to download it'

const cli = (...args) =>
  execFileSync(process.execPath, [cliJs, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex')

async function waitFor(what, check, ms = 60_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

test(
  'desktop app: opens a session from argv, runs, saves from the menu, quits with the file kept',
  { skip, timeout: 180_000 },
  async () => {
    assert.ok(
      exe,
      'no Electron binary (MFLAB_REQUIRE_ELECTRON=1): install it or set MFLAB_APP_EXECUTABLE'
    )
    assert.ok(existsSync(cliJs), 'out/cli/mflab.cjs is missing: run `npm run build` first')
    if (!packaged)
      assert.ok(existsSync(mainJs), 'out/main/index.js is missing: run `npm run build`')
    const expectedBridge = (await bridgeMethods()).sort()
    const { _electron } = await import('playwright-core')
    const work = mkdtempSync(join(tmpdir(), 'mflab-smoke-'))
    try {
      const lesson = join(work, 'lesson.mflab')
      const saved = join(work, 'saved-from-menu.mflab')
      cli('new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', lesson)
      const lessonHash = sha256(lesson)
      const linuxArgs = process.platform === 'linux' ? ['--no-sandbox'] : []
      const headless =
        process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
          ? ['--ozone-platform=headless']
          : []
      const app = await _electron.launch({
        executablePath: exe,
        args: [...linuxArgs, ...headless, ...(packaged ? [] : [mainJs]), lesson],
        cwd: work,
        // MFLAB_WEBGPU=1: try Dawn even for 'auto', so the saved run shows whether webgpu loaded
        env: { ...process.env, MFLAB_USER_DATA: join(work, 'user-data'), MFLAB_WEBGPU: '1' }
      })
      let closed = false
      try {
        const page = await app.firstWindow()
        page.on('pageerror', (e) => console.error('# page error:', e.message))
        await page.waitForLoadState('domcontentloaded')

        const bridge = await page.evaluate(() => ({
          lab: Object.keys(window.lab ?? {}).sort(),
          require: typeof window.require,
          process: typeof window.process,
          isolated: window.crossOriginIsolated,
          origin: location.origin
        }))
        assert.deepEqual(bridge.lab, expectedBridge, 'window.lab is exactly channels.ts')
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

        // The file given on argv is opened: the title names it and its dashboard shows.
        const title = () =>
          app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].getTitle())
        await waitFor('the title to name lesson.mflab', async () =>
          /lesson\.mflab — Mean-Field Lab/.test(await title())
        )
        await page.getByTestId('run-view').waitFor()

        // A short run from the lesson: its first point reaches the risk chart.
        await page.getByTestId('lesson-rerun').click()
        await waitFor('the first chart point', async () => {
          const n = await page.getByTestId('run-risk-chart').getAttribute('data-points')
          return Number(n) >= 1
        })
        // a fast machine may finish the lesson's run before Stop can be pressed
        const stop = page.getByTestId('run-stop')
        if (await stop.isEnabled()) await stop.click()
        await waitFor('the run to stop', async () =>
          ['stopped', 'completed'].includes(
            await page.getByTestId('run-view').getAttribute('data-status')
          )
        )

        // File › Save: the run has no file yet, so Save goes on to Save As; its dialog answers.
        await app.evaluate(({ dialog }, file) => {
          dialog.showSaveDialog = async () => ({ canceled: false, filePath: file })
        }, saved)
        const clicked = await app.evaluate(({ Menu }) => {
          const file = Menu.getApplicationMenu()?.items.find(
            (i) => i.label.replace('&', '') === 'File'
          )
          const save = file?.submenu?.items.find((i) => i.label === 'Save')
          if (!save?.enabled) return false
          save.click()
          return true
        })
        assert.ok(clicked, 'File › Save is in the menu and enabled')
        await waitFor('the saved file', () => existsSync(saved))
        await waitFor('the title to name the saved file', async () =>
          /saved-from-menu\.mflab — Mean-Field Lab/.test(await title())
        )
      } finally {
        await app.close()
        closed = true
      }
      assert.ok(closed)

      // After quitting: the saved run is whole and valid, the opened lesson untouched.
      cli('validate', saved)
      const manifest = JSON.parse(cli('export', saved, '--format', 'json'))
      assert.ok(manifest.step > 0, `the saved run has steps (step ${manifest.step})`)
      assert.match(manifest.status, /stopped|completed/)
      const reason = manifest.backend?.fallbackReason ?? ''
      assert.doesNotMatch(reason, /WebGPU for Node unavailable/, 'the webgpu package loads')
      console.log(`# backend ${manifest.backend?.actual}; ${reason || 'no fallback'}`)
      assert.equal(sha256(lesson), lessonHash, 'the opened file is unchanged')
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
)

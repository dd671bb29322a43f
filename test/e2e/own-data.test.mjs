// Your own data in the app (web mode): Home's own-data card → the wizard's data step, where a bad
// CSV gets a one-line error at the field and the shipped sample loads through the page's file
// input → a run with chart points → save → the saved file carries the rows and only the file's
// name → reopen from the Library.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'
import { browserMissing, launch } from './browser.mjs'
import { ROOT, appMissing, startServe } from './serve-process.mjs'

const skip = browserMissing() ?? appMissing()
const SHOTS = join(ROOT, 'test-results')
const SAMPLE = join(ROOT, 'src-renderer/public/samples/sample-data.csv')
const SAVED_NAME = 'e2e own data'

async function waitAttr(page, testId, name, pred, what, timeout = 60_000) {
  const t0 = Date.now()
  for (;;) {
    const v = await page
      .getByTestId(testId)
      .getAttribute(name)
      .catch(() => null)
    if (v !== null && pred(v)) return v
    if (Date.now() - t0 > timeout)
      throw new Error(`timed out waiting for ${what} (last ${testId}[${name}] = ${v})`)
    await page.waitForTimeout(100)
  }
}

describe('your own data in the app (mflab serve + Chromium)', { skip: skip ?? false }, () => {
  let serve
  let browser
  let page

  before(async () => {
    mkdirSync(SHOTS, { recursive: true })
    serve = await startServe()
    browser = await launch()
    page = await browser.context.newPage()
    page.on('pageerror', (e) => console.error('# page error:', e.message))
  })

  after(async () => {
    await browser?.close()
    await serve?.stop()
  })

  it(
    'loads the sample CSV, runs it, saves it with its rows and reopens it',
    { timeout: 180_000 },
    async () => {
      await page.goto(serve.url)
      await page.getByTestId('home-size-ci').check()
      await page.getByTestId('home-own-data').click()
      await page.getByTestId('wizard-view').waitFor()
      await page.getByTestId('own-data-lesson').waitFor()
      assert.equal(await page.getByTestId('field-task.kind').inputValue(), 'csv')
      assert.equal(await page.getByTestId('wizard-next').isDisabled(), true, 'no data, no Next')

      // a bad file: one line at the field, naming the line and column; nothing is taken
      const input = page.getByTestId('data-file-input')
      await input.setInputFiles({
        name: 'bad.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('a,b,label\n1,2,1\n3,x,-1\n')
      })
      const err = page.locator('[data-testid="field-error"][data-path="task.source"]')
      await err.waitFor()
      assert.equal((await err.textContent()).trim(), "line 3, column 2 ('b'): 'x' is not a number")
      assert.equal(await page.getByTestId('wizard-next').isDisabled(), true)

      // the shipped sample, chosen like any file
      await input.setInputFiles(SAMPLE)
      await err.waitFor({ state: 'detached' })
      const summary = page.getByTestId('data-file-summary')
      await page.waitForFunction(() =>
        /300 rows/.test(document.querySelector('[data-testid="data-file-summary"]').textContent)
      )
      assert.match(await summary.textContent(), /sample-data\.csv: 300 rows, 4 feature columns/)
      assert.match(await summary.textContent(), /240 rows for training, 60 for testing/)
      assert.equal(await page.getByTestId('field-task.dim').inputValue(), '4')
      await page.setViewportSize({ width: 1366, height: 768 })
      await page.screenshot({ path: join(SHOTS, 'own-data-wizard.png') })

      for (let i = 0; i < 5; i++) await page.getByTestId('wizard-next').click()
      await page.getByTestId('wizard-start').click()

      await page.getByTestId('run-view').waitFor()
      await waitAttr(page, 'run-risk-chart', 'data-points', (v) => Number(v) >= 1, 'a risk point')
      await waitAttr(
        page,
        'run-view',
        'data-status',
        (v) => v === 'completed',
        'completed',
        120_000
      )
      const points = await page.getByTestId('run-risk-chart').getAttribute('data-points')
      await page.screenshot({ path: join(SHOTS, 'own-data-run.png') })

      await page.getByTestId('run-save-name').fill(SAVED_NAME)
      await page.getByTestId('run-save').click()
      await page.getByTestId('run-saved').waitFor()

      // the saved file carries the rows and the file's name, never a path
      const files = readdirSync(serve.sessionsDir).filter((f) => f.endsWith('.mflab'))
      assert.equal(files.length, 1, `one session file in ${files}`)
      const file = files[0]
      const zip = unzipSync(readFileSync(join(serve.sessionsDir, file)))
      const manifest = JSON.parse(strFromU8(zip['manifest.json']))
      assert.deepEqual(
        { ...manifest.spec.task },
        { kind: 'csv', dim: 4, trainSize: 240, testSize: 60, source: 'sample-data.csv' }
      )
      const x = new Float64Array(zip['data/x.f64'].slice().buffer)
      const y = new Float64Array(zip['data/y.f64'].slice().buffer)
      assert.equal(x.length, 1200)
      assert.deepEqual(Array.from(y.subarray(0, 4)), [1, -1, 1, -1])
      assert.equal(x[0], 0.9495)
      assert.ok(!JSON.stringify(manifest).includes(ROOT), 'no path of this machine in the manifest')

      // reopen from the Library: the same points
      await page.reload()
      await page.getByTestId('nav-library').click()
      const row = page.locator('[data-testid^="library-row-"]', { hasText: SAVED_NAME })
      await row.waitFor()
      const id = (await row.getAttribute('data-testid')).slice('library-row-'.length)
      await page.getByTestId(`library-open-${id}`).click()
      await page.getByTestId('run-view').waitFor()
      await waitAttr(page, 'run-risk-chart', 'data-points', (v) => v === points, `${points} points`)
    }
  )
})

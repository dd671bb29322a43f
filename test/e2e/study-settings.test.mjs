// A guided comparison run from Home as one study (the preset's variants side by side, its claims
// judged live and at the end), and the Settings page, in Chromium against `mflab serve`.
// Screenshots go to test-results/.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { browserMissing, launch } from './browser.mjs'
import { ROOT, appMissing, startServe } from './serve-process.mjs'

const skip = browserMissing() ?? appMissing()
const SHOTS = join(ROOT, 'test-results')
const PRESET = 'lazy-vs-mean-field'

describe(
  'Studies from Home and the Settings page (mflab serve + Chromium)',
  { skip: skip ?? false },
  () => {
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
      `runs every variant of ${PRESET} from Home and shows its claims met`,
      { timeout: 180_000 },
      async () => {
        await page.goto(serve.url)
        await page.getByTestId('home-view').waitFor()
        // the card of a comparison runs all its variants as one study
        const start = page.getByTestId(`preset-card-${PRESET}`)
        await start.waitFor()
        await page.getByTestId('home-size-ci').check()
        const runs = Number(await start.getAttribute('data-runs'))
        assert.ok(runs >= 2, `the card runs ${runs} variants`)
        // a single-run preset has no separate one-run path: its card is that run
        assert.equal(await page.getByTestId('preset-run-mmn-two-gaussians').count(), 0)

        await start.click()
        await page.getByTestId('study-view').waitFor()
        assert.match(page.url(), /#\/study\//)
        await page.getByTestId('study-curves').waitFor()
        const rows = page.locator('[data-testid^="study-run-"]')
        assert.equal(await rows.count(), runs)

        const t0 = Date.now()
        await page
          .locator('[data-testid="study-state"]', { hasText: 'finished' })
          .waitFor({ timeout: 120_000 })
        console.log(
          `# study of ${runs} runs finished in ${((Date.now() - t0) / 1000).toFixed(1)} s (ci size)`
        )
        for (let i = 0; i < runs; i++) assert.match(await rows.nth(i).textContent(), /completed/)

        const claims = page.locator(
          '[data-testid="study-claims"] [data-testid^="claim-"][data-state]'
        )
        const n = await claims.count()
        assert.ok(n >= 2, `${n} claims shown`)
        const states = await claims.evaluateAll((els) =>
          els.map((e) => `${e.dataset.testid}=${e.dataset.state}`)
        )
        console.log(`# claims: ${states.join(', ')}`)
        assert.deepEqual(
          states.filter((s) => !s.endsWith('=met')),
          [],
          'every claim of the comparison is met at the ci size'
        )
        assert.equal(await page.getByTestId('study-claims-count').textContent(), `${n} of ${n} met`)
        await page.screenshot({ path: join(SHOTS, 'study.png'), fullPage: true })

        // The study is a file in the library, listed as completed
        await page.getByTestId('nav-library').click()
        await page.getByTestId('library-view').waitFor()
        await page
          .locator('[data-testid^="library-study-"]', { hasText: 'completed' })
          .first()
          .waitFor()
      }
    )

    it(
      'plans a width sweep on the Studies page and shows final risk against width',
      { timeout: 120_000 },
      async () => {
        await page.goto(serve.url)
        await page.getByTestId('nav-study').click()
        await page.getByTestId('sweep-form').waitFor()
        await page.getByTestId('sweep-preset').selectOption('lazy-vs-mean-field')
        await page.getByTestId('sweep-param').selectOption('model.width')
        await page.getByTestId('sweep-values').fill('10,0')
        await page.getByTestId('sweep-problem').waitFor()
        assert.equal(await page.getByTestId('sweep-start').isDisabled(), true)
        await page.getByTestId('sweep-values').fill('10,40,160')
        await page.getByTestId('sweep-seeds').fill('1,2')
        await page.getByTestId('sweep-problem').waitFor({ state: 'detached' })
        await page.getByTestId('sweep-start').click()
        await page.getByTestId('study-chart').waitFor()
        await page
          .locator('[data-testid="study-state"]', { hasText: 'finished' })
          .waitFor({ timeout: 90_000 })
        assert.equal(await page.locator('[data-testid^="study-run-"]').count(), 6)
        await page.getByTestId('study-fit').waitFor()
        assert.match(await page.getByTestId('study-summary').textContent(), /2\/2/)
        await page.screenshot({ path: join(SHOTS, 'study-sweep.png'), fullPage: true })
      }
    )

    it(
      'changes a setting with a bad value refused, and keeps it across a reload',
      { timeout: 60_000 },
      async () => {
        await page.goto(serve.url)
        await page.getByTestId('nav-settings').click()
        await page.getByTestId('settings-view').waitFor()
        const runs = page.getByTestId('setting-maxConcurrentRuns')
        assert.equal(await runs.inputValue(), '1')
        await runs.fill('0')
        await page.getByTestId('setting-maxConcurrentRuns-error').waitFor()
        assert.equal(await page.getByTestId('settings-save').isDisabled(), true)
        await runs.fill('2')
        await page.getByTestId('setting-maxConcurrentRuns-error').waitFor({ state: 'detached' })
        await page.getByTestId('settings-save').click()
        await page.getByTestId('settings-saved').waitFor()
        await page.screenshot({ path: join(SHOTS, 'settings.png'), fullPage: true })
        assert.equal(JSON.parse(readFileSync(serve.settingsFile, 'utf8')).maxConcurrentRuns, 2)

        await page.reload()
        await page.getByTestId('settings-view').waitFor()
        await page.waitForFunction(
          () => document.querySelector('[data-testid="setting-maxConcurrentRuns"]')?.value === '2'
        )
      }
    )

    it(
      "shows what auto's timings chose between processor and graphics card, and forgets them",
      { timeout: 60_000 },
      async () => {
        // two remembered choices, as a compute worker writes them beside the settings file
        const memory = join(dirname(serve.settingsFile), 'auto-backend.json')
        const entry = (backend, measuredAt) => ({
          backend,
          stepsPerSecond: { js: 1000, webgpu: backend === 'webgpu' ? 5000 : 100 },
          measuredAt
        })
        writeFileSync(
          memory,
          JSON.stringify({
            autoBackend: {
              'online SGD, noiseless, batch≤1, M≤1024, d≤64 on a test GPU': entry(
                'js',
                '2026-12-01T10:00:00.000Z'
              ),
              'full-batch GD, noisy, batch≤4096, M≤4096, d≤64 on a test GPU': entry(
                'webgpu',
                '2026-12-02T09:00:00.000Z'
              )
            }
          })
        )
        await page.goto(serve.url)
        await page.getByTestId('nav-settings').click()
        const text = page.getByTestId('backend-choices-text')
        await text.waitFor()
        assert.match(
          await text.textContent(),
          /on 2 kinds of run, last on .*: the graphics card was faster on 1 of them/
        )
        await page.getByTestId('backend-choices').scrollIntoViewIfNeeded()
        await page.screenshot({ path: join(SHOTS, 'settings-backend-choices.png') })
        await page.getByTestId('backend-choices-forget').click()
        await page.getByTestId('backend-choices-forgot').waitFor()
        assert.match(await text.textContent(), /Nothing measured yet/)
        assert.equal(await page.getByTestId('backend-choices-forget').isDisabled(), true)
        assert.equal(existsSync(memory), false)
      }
    )
  }
)

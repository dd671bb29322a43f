// Runs every guided experiment from the Home page, as a user would, and prints its claim checks:
// comparison presets by "Run all N variants" (a study), single-run presets through the wizard.
// Not part of CI (minutes at the Classroom size on a 2-core CPU). Build first (`npm run build`), then
//   node test/e2e/presets-ui.manual.mjs [--size ci|default|paper] [--only id,id] [--shots DIR]
// Prints one line per preset and a JSON summary last; exits 1 if a claim is not met.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { launch } from './browser.mjs'
import { ROOT, startServe } from './serve-process.mjs'

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'default' },
    only: { type: 'string' },
    shots: { type: 'string', default: join(ROOT, 'test-results', 'presets') }
  }
})
const SIZE_IDS = { ci: 'home-size-ci', default: 'home-size-default', paper: 'home-size-paper' }
if (!SIZE_IDS[values.size]) throw new Error(`--size: expected ci, default or paper`)
mkdirSync(values.shots, { recursive: true })

const serve = await startServe()
const browser = await launch()
const page = await browser.context.newPage()
page.on('pageerror', (e) => console.error('# page error:', e.message))
const results = []
try {
  await page.goto(serve.url)
  await page.getByTestId('home-view').waitFor()
  await page.locator('[data-testid^="preset-card-"]').first().waitFor()
  const ids = (
    await page
      .locator('[data-testid^="preset-card-"]')
      .evaluateAll((els) => els.map((e) => e.dataset.testid.replace('preset-card-', '')))
  ).filter((id) => !values.only || values.only.split(',').includes(id))

  for (const id of ids) {
    await page.goto(serve.url)
    await page.getByTestId(SIZE_IDS[values.size]).check()
    const t0 = Date.now()
    const card = page.getByTestId(`preset-card-${id}`)
    let claims
    // a comparison's card runs its study; a single-run preset's card runs it
    if (Number(await card.getAttribute('data-runs')) > 1) {
      await card.click()
      await page.getByTestId('study-view').waitFor()
      await page
        .locator('[data-testid="study-state"]', { hasText: 'finished' })
        .waitFor({ timeout: 60 * 60_000 })
      claims = page.locator('[data-testid="study-claims"] [data-testid^="claim-"][data-state]')
    } else {
      await card.click()
      await page.getByTestId('run-view').waitFor()
      await page
        .locator('[data-testid="run-view"][data-status="completed"]')
        .waitFor({ timeout: 60 * 60_000 })
      claims = page.locator('[data-testid="claims-panel"] [data-testid^="claim-"][data-state]')
    }
    await page.waitForTimeout(500)
    const seconds = (Date.now() - t0) / 1000
    const rows = await claims.evaluateAll((els) =>
      els.map((e) => ({
        id: e.dataset.testid.replace(/^claim-/, ''),
        state: e.dataset.state,
        value: e.querySelector('[data-testid$="-value"]')?.textContent ?? null
      }))
    )
    await page.screenshot({ path: join(values.shots, `${id}.png`), fullPage: true })
    results.push({ id, seconds: Math.round(seconds), claims: rows })
    console.log(
      `${id}: ${rows.filter((r) => r.state === 'met').length}/${rows.length} met in ${seconds.toFixed(0)} s — ` +
        rows.map((r) => `${r.id} ${r.state} (${r.value})`).join('; ')
    )
  }
} finally {
  await browser.close()
  await serve.stop()
}
console.log(JSON.stringify({ size: values.size, results }))
process.exitCode = results.every((r) => r.claims.length && r.claims.every((c) => c.state === 'met'))
  ? 0
  : 1

// Screenshots of Home, every guided experiment's dashboard (one run; the first also in projector
// mode) and study (all its variants) at the Quick size, at 1366×768 and 1920×1080, into
// docs/screenshots/. Run by hand after a build:
//   npm run build && node test/e2e/screenshots.manual.mjs [--only id,id]
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { launch } from './browser.mjs'
import { ROOT, startServe } from './serve-process.mjs'

const { values } = parseArgs({ options: { only: { type: 'string' } } })
const OUT = join(ROOT, 'docs', 'screenshots')
const VIEWPORTS = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 }
]
mkdirSync(OUT, { recursive: true })

const serve = await startServe()
const browser = await launch({ viewport: VIEWPORTS[0] })
const page = await browser.context.newPage()
page.on('pageerror', (e) => console.error('page error:', e.message))

async function home() {
  await page.setViewportSize(VIEWPORTS[0])
  await page.goto(serve.url)
  await page.locator('[data-testid^="preset-card-"]').first().waitFor()
  await page.getByTestId('home-size-ci').check()
}

async function shots(name) {
  for (const v of VIEWPORTS) {
    await page.setViewportSize(v)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.waitForTimeout(600)
    await page.screenshot({ path: join(OUT, `${name}-${v.name}.png`) })
  }
}

try {
  await home()
  await page.waitForTimeout(400)
  await shots('home')
  await page.setViewportSize(VIEWPORTS[0])
  const ids = (
    await page
      .locator('[data-testid^="preset-card-"]')
      .evaluateAll((els) => els.map((e) => [e.dataset.testid.slice(12), Number(e.dataset.runs)]))
  ).filter(([id]) => !values.only || values.only.split(',').includes(id))
  for (const [id, runs] of ids) {
    const t0 = Date.now()
    await home()
    await page.getByTestId(runs > 1 ? `preset-run-${id}` : `preset-card-${id}`).click()
    await page
      .locator('[data-testid="run-view"][data-status="completed"]')
      .waitFor({ timeout: 10 * 60_000 })
    await shots(`dashboard-${id}`)
    if (id === 'mmn-two-gaussians') {
      await page.getByTestId('run-projector').check()
      await shots('dashboard-projector')
      await page.getByTestId('run-projector').uncheck()
    }
    if (runs > 1) {
      await home()
      await page.getByTestId(`preset-card-${id}`).click()
      await page
        .locator('[data-testid="study-state"]', { hasText: 'finished' })
        .waitFor({ timeout: 20 * 60_000 })
      await shots(`study-${id}`)
    }
    console.log(`${id}: ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
} finally {
  await browser.close()
  await serve.stop()
}

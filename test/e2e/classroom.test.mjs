// The lab as a classroom tool, in Chromium against `mflab serve` at 1366×768 and 1920×1080:
// a card click lands on a dashboard whose run controls and key chart are on screen without
// scrolling, the default paths end with every claim judged, the keyboard shortcuts work, and no
// page shows internal words. Screenshots go to test-results/classroom/ (MFLAB_SHOTS=docs: to
// docs/screenshots/, the ones the README shows).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { a11yProblems } from './a11y-checks.mjs'
import { axeSerious } from './axe.mjs'
import { browserMissing, launch } from './browser.mjs'
import { ROOT, appMissing, startServe } from './serve-process.mjs'

const skip = browserMissing() ?? appMissing()
const SHOTS =
  process.env.MFLAB_SHOTS === 'docs'
    ? join(ROOT, 'docs', 'screenshots')
    : join(ROOT, 'test-results', 'classroom')
const SIZES = [
  { name: '1366x768', viewport: { width: 1366, height: 768 } },
  { name: '1920x1080', viewport: { width: 1920, height: 1080 } }
]

/** Words a student must not meet: notes, files, ids, backend jargon, validator wording. */
const BANNED = [
  /Source:/,
  /\[(seed|paper|derived)/,
  /SCIENCE\.md|claims\.md/,
  /JS engine|typed arrays|wasm|WebGPU adapter|float32/i,
  /\bCI size\b/i,
  /Invalid input/,
  /\b(meanAbsCos|ntkLambdaMin|freeEnergy|meanNormW|wMeanSquare|ntkGramDrift|pdeRisk)\b/,
  /\b(model|task|dynamics|observe)\.[a-z]\w+/
]

/** The banned strings in the page's visible text (folded details and hidden parts excluded). */
async function bannedOnPage(page) {
  const text = await page.evaluate(() => document.body.innerText)
  return BANNED.filter((re) => re.test(text)).map((re) => `${re} in “${re.exec(text)[0]}”`)
}

/** Whether the element lies wholly inside the viewport at the current scroll (which must be 0). */
async function onScreen(page, testId) {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect()
    return (
      window.scrollY === 0 &&
      r.top >= 0 &&
      r.left >= 0 &&
      r.bottom <= window.innerHeight &&
      r.right <= window.innerWidth &&
      r.height > 0
    )
  })
}

/** axe-core's serious and critical findings plus the project's own checks, both empty. */
async function assertAccessible(page, where) {
  assert.deepEqual(await axeSerious(page), [], `axe-core: serious or critical on ${where}`)
  assert.deepEqual(await a11yProblems(page), [], `accessibility problems on ${where}`)
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/** States of the claims on the page once the run or study has ended. */
async function claimStates(page, scope) {
  return page
    .locator(`[data-testid="${scope}"] [data-testid^="claim-"][data-state]`)
    .evaluateAll((els) => els.map((e) => `${e.dataset.testid}:${e.dataset.state}`))
}

describe('The lab as a classroom tool (mflab serve + Chromium)', { skip: skip ?? false }, () => {
  let serve
  let browser
  const errors = []

  before(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true })
    serve = await startServe()
    browser = await launch({ viewport: SIZES[0].viewport })
  })

  after(async () => {
    await browser?.close()
    await serve?.stop()
  })

  async function newPage(viewport) {
    const page = await browser.context.newPage()
    await page.setViewportSize(viewport)
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(serve.url)
    await page.getByTestId('home-view').waitFor()
    await page.locator('[data-testid^="preset-card-"]').first().waitFor()
    await page.getByTestId('home-size-ci').check()
    return page
  }

  it(
    'a single-run card: controls and key chart on screen, shortcuts, replay, every claim judged',
    { timeout: 120_000 },
    async () => {
      const page = await newPage(SIZES[0].viewport)
      assert.deepEqual(await bannedOnPage(page), [], 'Home')
      // every card shows its picture of a stored run (bundled: no request leaves the page)
      await page.waitForFunction(() =>
        [...document.querySelectorAll('.card-picture img')].every((i) => i.complete)
      )
      const pictures = await page
        .locator('.card-picture img')
        .evaluateAll((imgs) => imgs.map((i) => i.naturalWidth > 0))
      assert.equal(pictures.length, await page.locator('[data-testid^="preset-card-"]').count())
      assert.ok(pictures.every(Boolean), 'every picture loads')
      // the time estimate follows the chosen size
      const meta = page.getByTestId('preset-card-langevin-free-energy').locator('.card-meta')
      await meta.filter({ hasText: 'laptop' }).waitFor()
      const quick = await meta.innerText()
      await page.getByTestId('home-size-default').check()
      await page.waitForFunction(
        (q) =>
          document.querySelector('[data-testid="preset-card-langevin-free-energy"] .card-meta')
            .innerText !== q,
        quick
      )
      const classroom = await meta.innerText()
      assert.notEqual(classroom, quick, `${quick} | ${classroom}`)
      await page.getByTestId('home-size-ci').check()
      await page.waitForFunction(
        (q) =>
          document.querySelector('[data-testid="preset-card-langevin-free-energy"] .card-meta')
            .innerText === q,
        quick
      )
      await shot(page, 'home-1366x768')
      // slow motion, so there is time to pause and step; and scroll Home down first: the
      // dashboard must still open at its top
      await page.getByTestId('home-pace').selectOption('500')
      await page.mouse.wheel(0, 600)
      await page.getByTestId('preset-card-mmn-two-gaussians').click()
      await page.getByTestId('run-view').waitFor()
      await page.locator('[data-testid="run-risk-chart"]:not([data-points="0"])').waitFor()
      for (const id of [
        'run-pause',
        'run-stop',
        'run-step-once',
        'run-key-chart',
        'run-risk-chart'
      ])
        assert.ok(await onScreen(page, id), `${id} is on screen without scrolling`)
      assert.equal(
        await page.evaluate(() => document.activeElement?.tagName),
        'H1',
        'focus moved to the page heading'
      )

      // Space pauses, → advances exactly one step, Space resumes
      await page.locator('[data-testid="run-view"][data-status="running"]').waitFor()
      await page.keyboard.press('Space')
      await page.locator('[data-testid="run-view"][data-status="paused"]').waitFor()
      await page.waitForTimeout(300)
      const stepText = () => page.getByTestId('run-step').textContent()
      const before = Number((await stepText()).replace(/\D/g, ''))
      await page.keyboard.press('ArrowRight')
      await page.waitForFunction(
        (b) =>
          Number(
            document.querySelector('[data-testid="run-step"]').textContent.replace(/\D/g, '')
          ) > b,
        before
      )
      assert.equal(Number((await stepText()).replace(/\D/g, '')), before + 1, 'one step')
      // ? lists the shortcuts; P toggles projector mode
      await page.keyboard.press('?')
      await page.getByTestId('shortcuts').waitFor()
      assert.match(await page.getByTestId('shortcuts').innerText(), /Space[\s\S]*Pause/)
      await page.keyboard.press('?')
      await page.getByTestId('shortcuts').waitFor({ state: 'detached' })
      await page.keyboard.press('p')
      assert.equal(
        await page.evaluate(() => document.documentElement.classList.contains('projector')),
        true
      )
      // projector mode's larger type must not push the picture below the fold
      await page.waitForTimeout(300)
      for (const id of [
        'run-pause',
        'run-stop',
        'run-step-once',
        'run-key-chart',
        'run-risk-chart'
      ])
        assert.ok(await onScreen(page, id), `${id} is on screen in projector mode`)
      await shot(page, 'dashboard-projector-1366x768')
      await page.keyboard.press('p')
      await page.getByTestId('run-pace').selectOption('0')
      await page.keyboard.press('Space')
      await page
        .locator('[data-testid="run-view"][data-status="completed"]')
        .waitFor({ timeout: 90_000 })
      await page.waitForTimeout(1200)

      const states = await claimStates(page, 'claims-panel')
      assert.ok(states.length >= 1, 'claims shown')
      assert.deepEqual(
        states.filter((s) => s.endsWith(':pending')),
        [],
        'every claim judged'
      )
      assert.deepEqual(await bannedOnPage(page), [], 'dashboard')
      await page.evaluate(() => window.scrollTo(0, 0))
      await shot(page, 'dashboard-mmn-two-gaussians-1366x768')

      // the replay slider scrubs the histogram back to the start
      const replay = page.getByTestId('run-replay').locator('input')
      const end = await page.getByTestId('run-histogram').getAttribute('data-step')
      await replay.fill('0')
      await page.waitForFunction(
        (e) => document.querySelector('[data-testid="run-histogram"]').dataset.step !== e,
        end
      )
      assert.equal(await page.getByTestId('run-histogram').getAttribute('data-step'), '0')
      await page.close()
    }
  )

  it(
    'a comparison card runs its study to a verdict with every claim judged',
    { timeout: 150_000 },
    async () => {
      const page = await newPage(SIZES[0].viewport)
      await page.getByTestId('preset-card-bad-minimum-escape').click()
      await page.getByTestId('study-view').waitFor()
      await page
        .locator('[data-testid="study-state"]', { hasText: 'finished' })
        .waitFor({ timeout: 120_000 })
      await page.waitForTimeout(1000)
      const states = await claimStates(page, 'study-claims')
      assert.ok(states.length >= 1, 'claims shown')
      assert.deepEqual(
        states.filter((s) => s.endsWith(':pending')),
        [],
        'every claim judged'
      )
      assert.deepEqual(await bannedOnPage(page), [], 'study')
      await assertAccessible(page, 'a finished study at 1366×768')

      // the study exports its curves as SVG and CSV, both named after the study
      const download = async (id) => {
        const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()])
        return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') }
      }
      const svg = await download('study-svg')
      const csv = await download('study-csv')
      assert.match(svg.name, /^escaping-a-bad-minimum.*\.svg$/, svg.name)
      assert.match(csv.name, /^escaping-a-bad-minimum.*\.csv$/, csv.name)
      assert.equal(svg.name.replace(/\.svg$/, ''), csv.name.replace(/\.csv$/, ''), 'same name')
      assert.match(svg.text, /<svg[\s\S]*<path/)
      const rows = csv.text.trim().split('\n')
      assert.equal(rows[0], 'setting,seeds,time,mean,sd')
      const settings = new Set(rows.slice(1).map((r) => r.split('",')[0]))
      assert.ok(
        settings.size >= 2 && rows.length > 10,
        `${settings.size} settings, ${rows.length} rows`
      )
      await shot(page, 'study-bad-minimum-escape-1366x768')
      await page.close()
    }
  )

  it(
    'propagation of chaos draws a band per width and the spread against M with its slope',
    { timeout: 150_000 },
    async () => {
      const page = await newPage(SIZES[1].viewport)
      await page.getByTestId('preset-card-propagation-of-chaos').click()
      await page.getByTestId('study-view').waitFor()
      await page
        .locator('[data-testid="study-state"]', { hasText: 'finished' })
        .waitFor({ timeout: 140_000 })
      await page.getByTestId('study-spread').waitFor()
      const slope = Number(await page.getByTestId('study-spread').getAttribute('data-slope'))
      assert.ok(slope < 0, `spread falls with the width (slope ${slope})`)
      assert.match(
        await page.getByTestId('study-shape').innerText(),
        /3 settings × 4 seeds · 12 runs/
      )
      assert.deepEqual(
        (await claimStates(page, 'study-claims')).filter((s) => s.endsWith(':pending')),
        [],
        'every claim judged'
      )
      await page.waitForTimeout(500)
      await assertAccessible(page, 'a finished study at 1920×1080')
      await shot(page, 'study-propagation-of-chaos-1920x1080')
      await page.close()
    }
  )

  it(
    'at 1920×1080 too the run controls and key chart are on screen',
    { timeout: 60_000 },
    async () => {
      const page = await newPage(SIZES[1].viewport)
      await page.getByTestId('preset-run-ntk-gram').click()
      await page.getByTestId('run-view').waitFor()
      await page.locator('[data-testid="run-risk-chart"]:not([data-points="0"])').waitFor()
      for (const id of ['run-pause', 'run-stop', 'run-key-chart', 'run-risk-chart'])
        assert.ok(await onScreen(page, id), `${id} is on screen without scrolling`)
      await page
        .locator('[data-testid="run-view"][data-status="completed"]')
        .waitFor({ timeout: 45_000 })
      await page.waitForTimeout(800)
      assert.deepEqual(await bannedOnPage(page), [], 'dashboard')
      await shot(page, 'dashboard-ntk-gram-1920x1080')
      await page.close()
    }
  )

  for (const size of SIZES)
    it(
      `Home, the wizard, a dashboard, the Studies page and Settings at ${size.name}: axe-core finds nothing serious`,
      { timeout: 120_000 },
      async () => {
        const page = await newPage(size.viewport)
        const check = (where) => assertAccessible(page, `${where} at ${size.name}`)
        await check('Home')
        await page.getByTestId('preset-customise-ntk-gram').click()
        await page.getByTestId('wizard-view').waitFor()
        await check('the wizard')
        assert.deepEqual(await bannedOnPage(page), [], 'wizard')
        await page.getByTestId('wizard-run-defaults').click()
        await page
          .locator('[data-testid="run-view"][data-status="completed"]')
          .waitFor({ timeout: 60_000 })
        await check('the dashboard')
        await page.keyboard.press('p')
        await check('the dashboard in projector mode')
        await page.keyboard.press('p')
        await page.getByTestId('nav-study').click()
        await page.getByTestId('study-view').waitFor()
        await check('the Studies page')
        await page.getByTestId('nav-settings').click()
        await page.locator('h1').waitFor()
        await check('Settings')
        await page.close()
      }
    )

  it('no page error on the way', () => {
    assert.deepEqual(errors, [])
  })
})

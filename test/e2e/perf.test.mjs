// Renderer performance during a live run (Chromium against `mflab serve`): long tasks, frame gaps
// and the time of each chart update (`chart-update:<name>` measures), printed as one JSON line per
// scenario (`# PERF {…}`), plus the run's steps/s with the dashboard open vs the headless CLI.
//
// Targets (issue "desktop app", Performance): chart updates < 16 ms at 10⁴ points per series, no long
// tasks > 50 ms, steps/s with the dashboard within 10% of the CLI's. Asserted, from a Chrome trace of
// the window (`mainThread`): the charts' redraws of one animation frame take < 16 ms of the main
// thread's CPU (p95 over the frames), and no task of the page's main thread takes > 50 ms of it.
// Without thread CPU times in the trace the wall-clock chart-update p95 is asserted instead. Long tasks by wall time (PerformanceObserver `longTasks`,
// `mainThread.over50Wall`), frame gaps and steps/s are printed, not asserted: on the 2-core shared
// machine the server, its compute worker and other jobs take the cores, and the OS holding the
// renderer off the CPU in mid-task makes a task of 10 ms of work last 50–100 ms of wall time.
//
// MFLAB_PERF_STEPS sets the length of the steps/s comparison (default 100000 steps at M = 2000);
// MFLAB_PERF_PROFILE=1 also prints the top functions of a CPU profile of each window.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { browserMissing, launch } from './browser.mjs'
import { ROOT, appMissing, startServe } from './serve-process.mjs'
import {
  installProbes,
  startProfile,
  stopProfile,
  report,
  startProbes,
  startRunFromWizard,
  startTrace,
  stopProbes,
  stopTrace,
  waitAttr
} from './perf-page.mjs'

const skip = browserMissing() ?? appMissing()
const CLI = join(ROOT, 'out', 'cli', 'mflab.cjs')
const PRESET = 'mmn-two-gaussians'
const WINDOW_MS = 5000
/** The scatter's point cap, as in src-renderer/src/charts/scatter-points.ts. */
const SCATTER_MAX_POINTS = 5000
/** Chart-update bound asserted (ms per update, p95): the 16 ms frame budget. */
const UPDATE_P95_MS = 16
/** Main-thread CPU time no task may exceed (ms): the long-task threshold. */
const TASK_CPU_MS = 50

/** Particles of the wide run (MFLAB_PERF_WIDTH, default 2000): the scatter's point count. */
const WIDTH = Number(process.env.MFLAB_PERF_WIDTH ?? 2000)
/** A streaming MMN run with a WIDTH-particle scatter (snapshots every 5000 steps, or 1000 when wide). */
const WIDE = {
  'task.dim': 20,
  'model.width': WIDTH,
  'dynamics.stepSize': 0.0004,
  // long enough to stream through the window with room (the dashboard ran 300 000 steps in about
  // 6.5 s and ended inside the window once recording got cheaper); 10⁶ would slow the PDE's start
  'dynamics.steps': 600_000,
  'observe.every': 500,
  'observe.snapshotEvery': WIDTH > 5000 ? 1000 : 5000,
  'observe.riskSamples': 500
}

/**
 * A small model recording every 2 steps, on a preset without the (per-record) PDE observable: the
 * risk chart passes 10⁴ points per line within seconds.
 */
const DENSE_PRESET = 'bad-minimum-escape'
const DENSE = {
  'task.dim': 20,
  'model.width': 100,
  'dynamics.steps': 400_000,
  'observe.every': 2,
  'observe.snapshotEvery': 50_000,
  'observe.riskSamples': 20
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

const stepOf = async (page) =>
  Number((await page.getByTestId('run-step').textContent()).replace(/[^0-9]/g, ''))

describe('renderer performance during a live run', { skip: skip ?? false }, () => {
  let serve
  let browser
  let page

  before(async () => {
    serve = await startServe()
    browser = await launch()
    await browser.context.addInitScript(installProbes)
    page = await browser.context.newPage()
    page.on('pageerror', (e) => console.error('# page error:', e.message))
  })

  afterEach(async () => {
    // a failed test leaves its run going: stop it, or the next run may queue behind it
    const stop = page?.getByTestId('run-stop')
    if (stop && (await stop.count()) && !(await stop.isDisabled())) await stopRun().catch(() => {})
  })

  after(async () => {
    await browser?.close()
    await serve?.stop()
  })

  /** Collects for WINDOW_MS while the run streams; prints and returns the figures. */
  async function measure(label, extra = {}) {
    const step0 = await stepOf(page)
    const cdp = process.env.MFLAB_PERF_PROFILE ? await startProfile(page) : null
    const trace = await startTrace(page)
    await startProbes(page)
    const t0 = Date.now()
    await page.waitForTimeout(WINDOW_MS)
    const raw = await stopProbes(page)
    const mainThread = await stopTrace(trace)
    if (cdp) for (const line of await stopProfile(cdp)) console.log(`# profile: ${line}`)
    const seconds = (Date.now() - t0) / 1000
    const steps = (await stepOf(page)) - step0
    const points = Number(await page.getByTestId('run-risk-chart').getAttribute('data-points'))
    const figures = {
      scenario: label,
      ...extra,
      riskPoints: points,
      stepsPerSecond: Math.round(steps / seconds),
      load: load(),
      ...report(raw, seconds),
      mainThread
    }
    console.log(`PERF ${JSON.stringify(figures)}`)
    return figures
  }

  /** No task of the window did more than TASK_CPU_MS of main-thread work (wall time may be longer). */
  /** Chart updates fit a frame: the CPU of each frame's redraws (or, without CPU times, wall time). */
  function assertUpdatesFitFrame(f, wall, what) {
    const frames = f.mainThread.frameCallbacks
    if (f.mainThread.over50Cpu !== null && frames.n > 0) {
      assert.ok(
        frames.p95Cpu < UPDATE_P95_MS,
        `${what}: a frame's chart redraws take p95 ${frames.p95Cpu} ms of CPU < ${UPDATE_P95_MS} ms`
      )
      console.log(
        `# ${what}: frame redraws p95 ${frames.p95Cpu} ms CPU (wall p95 ${wall.p95} ms, load ${load()})`
      )
    } else assert.ok(wall.p95 < UPDATE_P95_MS, `${what} p95 ${wall.p95} ms < ${UPDATE_P95_MS} ms`)
  }

  function assertNoLongWork(f) {
    assert.ok(f.mainThread.tasks > 0, "the trace holds the main thread's tasks")
    if (f.mainThread.over50Cpu === null) {
      console.log('# no thread CPU times in the trace: main-thread work per task not checked')
      return
    }
    assert.equal(
      f.mainThread.over50Cpu,
      0,
      `no task over ${TASK_CPU_MS} ms of main-thread CPU; longest: ${f.mainThread.longest.join(' | ')}`
    )
  }

  async function stopRun() {
    const status = await page.getByTestId('run-view').getAttribute('data-status')
    assert.notEqual(status, 'completed', 'the run ended inside the window: make it longer')
    await page.getByTestId('run-stop').click()
    await waitAttr(page, 'run-view', 'data-status', (v) => v === 'stopped', 'stopped')
  }

  it(
    'a live MMN run with M = 2000 particles: chart updates fit a frame',
    { timeout: 180_000 },
    async () => {
      const t0 = Date.now()
      await startRunFromWizard(page, serve.url, PRESET, WIDE)
      console.log(`# wizard → dashboard in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
      await waitAttr(page, 'run-particles', 'data-step', (v) => v !== '', 'a particle snapshot')
      console.log(
        `# first snapshot after ${((Date.now() - t0) / 1000).toFixed(1)} s, step ${await stepOf(page)}`
      )
      await waitAttr(page, 'run-risk-chart', 'data-points', (v) => Number(v) >= 3, 'risk points')
      const f = await measure('live-mmn-M2000', {
        particles: WIDE['model.width'],
        secondsToFirstSnapshot: Math.round((Date.now() - t0) / 100) / 10
      })
      await page
        .getByTestId('run-particles')
        .screenshot({ path: join(ROOT, 'test-results', `perf-particles-M${WIDTH}.png`) })
      await stopRun()
      const scatter = f.chartUpdates.scatter
      assert.ok(scatter && scatter.n >= 1, 'the scatter was redrawn during the window')
      // one point per particle, at most SCATTER_MAX_POINTS (src-renderer/src/charts/scatter-points.ts)
      assert.equal(
        scatter.points,
        Math.min(WIDTH, SCATTER_MAX_POINTS),
        'the scatter holds one point per particle drawn'
      )
      assert.ok(f.chartUpdates.all.n >= 2, 'charts were updated during the window')
      assertUpdatesFitFrame(f, f.chartUpdates.all, 'chart update')
      assertNoLongWork(f)
    }
  )

  it(
    'the risk chart at ≥ 10⁴ points per line: updates fit a frame',
    { timeout: 240_000 },
    async () => {
      await startRunFromWizard(page, serve.url, DENSE_PRESET, DENSE)
      await waitAttr(
        page,
        'run-risk-chart',
        'data-points',
        (v) => Number(v) >= 10_000,
        '10⁴ risk points',
        180_000
      )
      const f = await measure('risk-1e4-points', { observeEvery: DENSE['observe.every'] })
      await stopRun()
      const risk = f.chartUpdates['risk-over-time']
      assert.ok(risk && risk.n >= 2, 'the risk chart was redrawn during the window')
      assert.ok(risk.points >= 10_000, `risk chart at ${risk.points} ≥ 10⁴ points per line`)
      assertUpdatesFitFrame(f, risk, 'risk update')
      assertNoLongWork(f)
    }
  )

  it(
    'steps/s with the dashboard open vs the headless CLI (printed)',
    { timeout: 300_000 },
    async () => {
      const steps = Number(process.env.MFLAB_PERF_STEPS ?? 100_000)
      const spec = { ...WIDE, 'dynamics.steps': steps }
      const dir = mkdtempSync(join(tmpdir(), 'mflab-perf-'))
      try {
        const file = join(dir, 'run.mflab')
        const sets = Object.entries(spec).flatMap(([k, v]) => ['--set', `${k}=${v}`])
        execFileSync(process.execPath, [CLI, 'new', '--preset', PRESET, ...sets, '-o', file], {
          stdio: 'pipe'
        })
        const loadCli = load()
        const t0 = Date.now()
        const out = execFileSync(process.execPath, [CLI, 'run', file, '-o', file], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe']
        })
        const cliWall = (Date.now() - t0) / 1000
        const cli = JSON.parse(out.trim().split('\n').at(-1))
        assert.equal(cli.stepsRun, steps)

        const loadApp = load()
        await startRunFromWizard(page, serve.url, PRESET, spec)
        // from Start (the dashboard opens at once), as the CLI's wall runs from its own start
        const t1 = Date.now()
        await waitAttr(
          page,
          'run-view',
          'data-status',
          (v) => v === 'completed',
          'the run to complete',
          280_000
        )
        const appWall = (Date.now() - t1) / 1000
        assert.equal(await stepOf(page), steps)
        const figures = {
          scenario: 'steps-per-second',
          steps,
          particles: spec['model.width'],
          cli: {
            backend: cli.backend,
            stepsPerSecond: Math.round(cli.stepsPerSecond),
            wallSeconds: Number(cliWall.toFixed(1)),
            load: loadCli
          },
          dashboard: {
            stepsPerSecond: Math.round(steps / appWall),
            wallSeconds: Number(appWall.toFixed(1)),
            load: loadApp
          },
          // both walls include process/worker start; the ratio is the dashboard's cost
          ratioWall: Number((cliWall / appWall).toFixed(3))
        }
        console.log(`PERF ${JSON.stringify(figures)}`)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  )
})

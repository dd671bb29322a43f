// In-page performance probes for perf.test.mjs: long tasks, animation-frame gaps and the
// `chart-update:<name>` measures the chart components write when `__mflabChartTiming` is set.

/**
 * Init script (runs before the app on every page load): turns chart timing on and collects long
 * tasks, measures and requestAnimationFrame timestamps into `window.__perf` while `__perf.on`.
 */
export function installProbes() {
  window.__mflabChartTiming = true
  const perf = { on: false, longTasks: [], frames: [], updates: [], loafs: [] }
  window.__perf = perf
  try {
    new PerformanceObserver((list) => {
      if (!perf.on) return
      for (const e of list.getEntries())
        perf.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: false })
  } catch {
    perf.longTasksUnsupported = true
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (perf.on && e.name.startsWith('chart-prep:'))
        perf.updates.push({
          name: `prep:${e.name.slice('chart-prep:'.length)}`,
          duration: e.duration,
          points: 0
        })
      else if (perf.on && e.name.startsWith('chart-update:'))
        perf.updates.push({
          name: e.name.slice('chart-update:'.length),
          duration: e.duration,
          points: e.detail?.points ?? 0
        })
    }
    // the timeline keeps every measure; drop them once read
    performance.clearMeasures()
  }).observe({ type: 'measure', buffered: false })
  try {
    // Long animation frames name the scripts that ran in them (Chromium ≥ 123)
    new PerformanceObserver((list) => {
      if (!perf.on) return
      for (const e of list.getEntries())
        perf.loafs.push({
          duration: e.duration,
          blocking: e.blockingDuration,
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts: (e.scripts ?? []).map((sc) => ({
            what: `${sc.invoker} ${sc.sourceFunctionName || ''} ${(sc.sourceURL || '').split('/').pop()}:${sc.sourceCharPosition}`,
            duration: sc.duration
          }))
        })
    }).observe({ type: 'long-animation-frame', buffered: false })
  } catch {
    // no LoAF: the report has no attribution
  }
  // a rAF loop makes the page render every frame: run it only while collecting
  perf.frame = (t) => {
    if (!perf.on) return
    perf.frames.push(t)
    requestAnimationFrame(perf.frame)
  }
}

/** Clears what was collected and starts collecting. */
export async function startProbes(page) {
  await page.evaluate(() => {
    const p = window.__perf
    p.longTasks = []
    p.frames = []
    p.updates = []
    p.loafs = []
    p.on = true
    requestAnimationFrame(p.frame)
  })
}

/** Stops collecting and returns the raw figures. */
export async function stopProbes(page) {
  // let the observers deliver the entries of the last frame
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)))
  return page.evaluate(() => {
    const p = window.__perf
    p.on = false
    return {
      longTasks: p.longTasks,
      longTasksUnsupported: !!p.longTasksUnsupported,
      frames: p.frames,
      updates: p.updates,
      loafs: p.loafs
    }
  })
}

/** The q-quantile (0…1) of numbers, nearest rank; NaN when empty. */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
}

const r1 = (x) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null)

/** Count, p50, p95 and max (ms, one decimal) of durations. */
export function summary(xs) {
  return {
    n: xs.length,
    p50: r1(quantile(xs, 0.5)),
    p95: r1(quantile(xs, 0.95)),
    max: r1(xs.length ? Math.max(...xs) : NaN)
  }
}

/** The figures printed by the perf test: long tasks, frame gaps, chart updates per chart. */
export function report(raw, seconds) {
  const frames = []
  for (let i = 1; i < raw.frames.length; i++) frames.push(raw.frames[i] - raw.frames[i - 1])
  const byChart = {}
  for (const u of raw.updates) (byChart[u.name] ??= []).push(u)
  const charts = {}
  for (const [name, us] of Object.entries(byChart))
    charts[name] = {
      ...summary(us.map((u) => u.duration)),
      points: Math.max(...us.map((u) => u.points))
    }
  return {
    seconds: r1(seconds),
    longTasks: raw.longTasksUnsupported
      ? 'unsupported'
      : {
          n: raw.longTasks.length,
          max: r1(Math.max(0, ...raw.longTasks.map((t) => t.duration))),
          total: r1(raw.longTasks.reduce((s, t) => s + t.duration, 0))
        },
    frames: { ...summary(frames), fps: r1(frames.length / Math.max(seconds, 1e-9)) },
    longFrames: longFrames(raw.loafs ?? []),
    chartUpdates: {
      all: summary(raw.updates.filter((u) => !u.name.startsWith('prep:')).map((u) => u.duration)),
      ...charts
    }
  }
}

/**
 * Long animation frames over 50 ms: how many, and the scripts that took most of their time summed
 * over them (top 5), so a long task can be traced to its code.
 */
function longFrames(loafs) {
  const long = loafs.filter((l) => l.duration > 50)
  const byScript = new Map()
  for (const l of long)
    for (const sc of l.scripts) byScript.set(sc.what, (byScript.get(sc.what) ?? 0) + sc.duration)
  const top = [...byScript.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([what, ms]) => `${r1(ms)} ms ${what}`)
  return {
    n: long.length,
    max: r1(Math.max(0, ...long.map((l) => l.duration))),
    renderMax: r1(Math.max(0, ...long.map((l) => l.render))),
    top
  }
}

/** Fills one wizard field by its spec path and leaves it (the wizard validates on blur). */
async function fillField(page, path, value) {
  const input = page.getByTestId(`field-${path}`)
  await input.fill(String(value))
  await input.blur()
}

/** The wizard's steps and the fields perf runs set on each (as in app-scenario.test.mjs). */
const WIZARD_STEPS = [
  ['task.dim'],
  ['model.width'],
  ['dynamics.stepSize', 'dynamics.steps'],
  ['observe.every', 'observe.snapshotEvery', 'observe.riskSamples']
]

/** Home → preset card → wizard with `sizes` (spec path → value) → Start; waits for the dashboard. */
export async function startRunFromWizard(page, url, preset, sizes) {
  await page.goto(url)
  await page.getByTestId(`preset-card-${preset}`).click()
  await page.getByTestId('wizard-view').waitFor()
  for (const paths of WIZARD_STEPS) {
    for (const path of paths) if (path in sizes) await fillField(page, path, sizes[path])
    await page.getByTestId('wizard-next').click()
  }
  await page.getByTestId('wizard-next').click()
  await page.getByTestId('wizard-start').click()
  await page.getByTestId('run-view').waitFor()
}

/** Polls `testId`'s attribute until `pred` holds; returns its value. */
export async function waitAttr(page, testId, name, pred, what, timeout = 120_000) {
  const t0 = Date.now()
  for (;;) {
    const v = await page
      .getByTestId(testId)
      .getAttribute(name)
      .catch(() => null)
    if (v !== null && pred(v)) return v
    if (Date.now() - t0 > timeout)
      throw new Error(`timed out waiting for ${what} (last ${testId}[${name}] = ${v})`)
    await page.waitForTimeout(200)
  }
}

/** Starts a V8 CPU profile of the page over CDP (for MFLAB_PERF_PROFILE=1 runs). */
export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  return cdp
}

/** Stops the profile; returns the `top` functions by self time as 'ms name file:line' strings. */
export async function stopProfile(cdp, top = 15) {
  const { profile } = await cdp.send('Profiler.stop')
  const self = new Map()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const dts = profile.timeDeltas
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i])
    const f = n.callFrame
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`
    self.set(key, (self.get(key) ?? 0) + (dts[i] ?? 0) / 1000)
  }
  await cdp.detach()
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => `${ms.toFixed(1)} ms ${k}`)
}

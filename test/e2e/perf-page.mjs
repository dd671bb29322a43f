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

/** Home → preset's Customise → wizard with `sizes` (spec path → value) → Start; waits for the dashboard. */
export async function startRunFromWizard(page, url, preset, sizes) {
  await page.goto(url)
  await page.getByTestId(`preset-customise-${preset}`).click()
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

/**
 * Trace categories of `startTrace`: the renderer's tasks (RunTask, with wall and thread-CPU time)
 * and what runs inside them (script entries, animation-frame callbacks, style, layout, paint, commit,
 * GC), as DevTools' Performance panel records them, without its sampling profiler.
 */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute'
].join(',')

/** Starts a Chrome trace of the page's process over CDP; `stopTrace` ends it. */
export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page)
  const events = []
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value))
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' })
  return { cdp, events, startedAt: Date.now() }
}

/** Ends the trace; returns `mainThreadTasks` of its events. */
export async function stopTrace(trace) {
  const done = new Promise((resolve) => trace.cdp.once('Tracing.tracingComplete', resolve))
  await trace.cdp.send('Tracing.end')
  await done
  await trace.cdp.detach()
  return mainThreadTasks(trace.events)
}

/** What a task's inner events are called in `longest` (the kinds that say where its time went). */
const INNER = new Set([
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'RunMicrotasks',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Commit',
  'MajorGC',
  'MinorGC',
  'ParseHTML',
  'EvaluateScript'
])

/**
 * The renderer main thread's tasks in a trace: how many ran, how many took > 50 ms of wall time (a
 * "long task", what PerformanceObserver reports) and how many took > 50 ms of the thread's own CPU
 * time. On a loaded machine the OS can hold the thread off the CPU in the middle of a task, which
 * makes it long in wall time only; its CPU time is the work our code (and Blink for it) did.
 * `longest`: the 3 tasks with most CPU time, as 'wall/cpu ms: inner events (wall/cpu ms)'.
 * `over50Cpu` is null when the trace has no thread times (tdur).
 */
export function mainThreadTasks(events) {
  const names = new Map()
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name)
  const runTasks = new Map()
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`
    if (e.ph === 'X' && e.name === 'RunTask' && names.get(key) === 'CrRendererMain')
      (runTasks.get(key) ?? runTasks.set(key, []).get(key)).push(e)
  }
  // the page's renderer is the one that ran the most tasks
  const [mainKey, tasks] = [...runTasks.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [
    '',
    []
  ]
  const ms = (us) => Math.round((us ?? 0) / 100) / 10
  const cpu = (t) => t.tdur ?? t.dur
  const inner = events.filter(
    (e) => e.ph === 'X' && `${e.pid}:${e.tid}` === mainKey && INNER.has(e.name) && e.dur >= 1000
  )
  const describe = (t) => {
    const kids = inner
      .filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur)
      .map((e) => {
        const d = e.args?.data ?? {}
        const what = d.functionName || d.type || ''
        return `${e.name}${what ? `(${what})` : ''} ${ms(e.dur)}/${ms(e.tdur)}`
      })
    return `${ms(t.dur)}/${ms(cpu(t))} ms: ${kids.slice(0, 8).join(', ')}`
  }
  const byCpu = [...tasks].sort((a, b) => cpu(b) - cpu(a))
  // a platform without thread clocks writes no tdur: then CPU time is unknown (null), not wall time
  const cpuKnown = tasks.length > 0 && tasks.every((t) => t.tdur !== undefined)
  // every requestAnimationFrame batch: the charts' redraws of one frame (the shared frame scheduler)
  const frames = events
    .filter(
      (e) => e.ph === 'X' && `${e.pid}:${e.tid}` === mainKey && e.name === 'FireAnimationFrame'
    )
    .map((e) => cpu(e))
    .sort((a, b) => a - b)
  const pct = (p) =>
    frames.length ? ms(frames[Math.min(frames.length - 1, Math.floor(p * frames.length))]) : 0
  return {
    tasks: tasks.length,
    frameCallbacks: { n: frames.length, p50Cpu: pct(0.5), p95Cpu: pct(0.95), maxCpu: pct(1) },
    over50Wall: tasks.filter((t) => t.dur > 50_000).length,
    over50Cpu: cpuKnown ? tasks.filter((t) => cpu(t) > 50_000).length : null,
    maxWall: ms(Math.max(0, ...tasks.map((t) => t.dur))),
    maxCpu: ms(byCpu.length ? cpu(byCpu[0]) : 0),
    longest: byCpu.slice(0, 3).map(describe)
  }
}

import { cpus, loadavg } from 'node:os'
import type { GpuStrategy } from '@shared/engine/backends/gpujs-backend'
import { createSimulation } from '@shared/engine/create-simulation'
import { checkKernels } from '@shared/engine/kernels/kernel-check'
import type { BackendName, ExperimentSpec } from '@shared/spec/experiment-spec'
import { gemmThreadCount, nodeGemmThreads } from '../compute/gemm-thread-host'
import type { GemmThreads } from '@shared/engine/backends/gemm-threads'
import { nodeGpuFactory, prepareHostGpu } from '../compute/gpu-host'
import { installPdeThread, prewarmPdeThread } from '../compute/pde-thread-host'
import { ComputeRunner } from '../compute/compute-runner'
import { bestPeers, plainPeers, runPeer, runPlainPeer } from './bench-peers'
import { defaultRunSteps, watchedRunSpec, workloads, type Workload } from './bench-workloads'
import { choiceOption, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/** One backend's measured speed on a workload. */
export interface BenchResult {
  workload: string
  requested: BackendName
  actual: string
  detail: string
  fallbackReason: string | null
  steps: number
  seconds: number
  stepsPerSecond: number
  /** Achieved GFLOP/s from the workload's FLOP count. */
  gflops: number
  /** gpu.js backends: host↔device transfers per step over the timed steps (particle-backend.ts). */
  transfersPerStep?: Record<string, number>
}

/**
 * Steps per second of a spec on one backend, in this thread: one warm-up chunk (kernel builds,
 * first upload), then whole chunks for about `seconds` of wall time, as in a run.
 */
export async function benchBackend(
  w: Workload,
  backend: BackendName,
  seconds: number,
  gpuStrategy?: GpuStrategy,
  /** The GEMM helper threads, as a run's compute worker has them by default. */
  threads: GemmThreads | null = nodeGemmThreads()
): Promise<BenchResult> {
  const spec: ExperimentSpec = w.spec
  await prepareHostGpu(backend)
  const sim = await createSimulation(spec, { backend, gpu: nodeGpuFactory, gpuStrategy, threads })
  try {
    const chunk = spec.compute.chunkSteps
    await sim.advance(chunk)
    const from = sim.step
    const before = sim.transfers?.()
    const t0 = performance.now()
    while (performance.now() - t0 < seconds * 1000) await sim.advance(chunk)
    const elapsed = (performance.now() - t0) / 1000
    const steps = sim.step - from
    const r = result(
      w,
      backend,
      sim.backend.actual,
      sim.backend.detail,
      sim.backend.fallbackReason,
      steps,
      elapsed
    )
    const after = sim.transfers?.()
    if (before && after && steps > 0)
      r.transfersPerStep = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [
          k,
          +((v - before[k as keyof typeof before]) / steps).toPrecision(3)
        ])
      )
    return r
  } finally {
    sim.dispose()
  }
}

function result(
  w: Workload,
  requested: BenchResult['requested'],
  actual: string,
  detail: string,
  fallbackReason: string | null,
  steps: number,
  seconds: number
): BenchResult {
  const sps = steps / seconds
  return {
    workload: w.id,
    requested,
    actual,
    detail,
    fallbackReason,
    steps,
    seconds: Math.round(seconds * 1000) / 1000,
    stepsPerSecond: Math.round(sps * 10) / 10,
    gflops: Math.round(((sps * w.flopsPerStep) / 1e9) * 100) / 100
  }
}

/** The median of a list of numbers (NaN when empty). */
function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

const round2 = (v: number) => Math.round(v * 100) / 100

/**
 * Steps per second of the default mmn-two-gaussians run driven exactly as the app drives it (the
 * compute worker's runner: records, histograms, snapshots, PDE overlay), `watched` or with every
 * observation off, timed from the first 'running' status to 'done'.
 */
export async function benchWatchedRun(
  steps: number,
  watched: boolean,
  threads: GemmThreads | null = null
): Promise<number> {
  let t0 = 0
  let t1 = 0
  let failed: string | null = null
  const runner = new ComputeRunner(
    (event) => {
      if (event.type === 'status' && event.status === 'running' && t0 === 0) t0 = performance.now()
      if (event.type === 'done') t1 = performance.now()
      if (event.type === 'error') failed = event.message
    },
    // the compute worker's helpers (worker-entry.ts): the risk's GEMM may use every core there too
    { gpu: nodeGpuFactory, prepare: prepareHostGpu, threads }
  )
  await runner.handle({ type: 'start', options: { spec: watchedRunSpec(steps, watched) } })
  if (failed !== null || t1 === 0) throw new Error(`watched run failed: ${failed}`)
  return steps / ((t1 - t0) / 1000)
}

/** One goal of the issue: the lab's median over the best peer's median, and the goal. */
interface Goal {
  goal: string
  ratio: number
  target: number
  met: boolean
  lab: number
  against: string
  peer: number
  /** The watch goal: watched over steps only within each repeat's pair, and medians' ratio. */
  pairs?: number[]
  ratioOfMedians?: number
}

/**
 * The watch goal from each repeat's watched and steps-only runs: the median of the ratios within
 * a pair (the two runs of a pair run back to back, under the same load, which on a shared 2-core
 * machine drifts by 30 % between repeats), with the ratio of the medians beside it. Null without
 * a complete pair.
 */
export function watchGoal(watched: readonly number[], plain: readonly number[]): Goal | null {
  const n = Math.min(watched.length, plain.length)
  if (n === 0) return null
  const pairs = Array.from({ length: n }, (_, r) => watched[r] / plain[r])
  const ratio = round2(median(pairs))
  return {
    goal: 'watched run ≥ 0.8 of steps only',
    ratio,
    target: 0.8,
    met: ratio >= 0.8,
    lab: Math.round(median(watched)),
    against: 'the same run with observation off',
    peer: Math.round(median(plain)),
    pairs: pairs.map(round2),
    ratioOfMedians: round2(median(watched) / median(plain))
  }
}

function goal(
  text: string,
  target: number,
  lab: number,
  peers: Map<string, number[]>,
  names: string[]
): Goal | null {
  let best: { name: string; sps: number } | null = null
  for (const name of names) {
    const sps = median(peers.get(name) ?? [])
    if (Number.isFinite(sps) && (!best || sps > best.sps)) best = { name, sps }
  }
  if (!best || !Number.isFinite(lab)) return null
  const ratio = round2(lab / best.sps)
  return {
    goal: text,
    ratio,
    target,
    met: ratio >= target,
    lab: Math.round(lab * 10) / 10,
    against: best.name,
    peer: round2(best.sps)
  }
}

/**
 * `mflab bench [--workload W1,W1b,W1n,W2,watch] [--backends js,webasm,cpu,webgpu] [--seconds S]
 * [--repeat N] [--torch cpu|cuda|none]`: per repeat and workload, one JSON line per lab backend,
 * then one per Python peer (straightforward eager PyTorch, then the best-written numpy / PyTorch
 * scripts) in the same command; then a line of medians and ratios per workload, and last a goals
 * line with the issue's four ratios and the machine's load. `watch` runs the default
 * mmn-two-gaussians run at its full length (200 000 steps) watched and with observation off, a
 * pair per repeat in turns first; its goal is the median of the pairs' ratios
 * ({@link watchGoal}); `--seconds` does not apply to it.
 * A gpu.js backend may name its strategy (`webgpu:resident`, `webgpu:resident2`, `webgpu:fused`).
 * `mflab bench --check --backends webgpu`: every kernel against its float64 reference on those
 * gpu.js modes instead (one JSON line each, exit 1 if any is off).
 */
export async function cmdBench(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseCommandArgs('bench', args, {
    workload: { type: 'string' },
    backends: { type: 'string' },
    seconds: { type: 'string' },
    repeat: { type: 'string' },
    torch: { type: 'string' },
    check: { type: 'boolean' }
  })
  const seconds = values.seconds === undefined ? 3 : Number(values.seconds)
  if (!(seconds > 0 && seconds <= 3600))
    throw new UsageError(`bench: --seconds must be in (0, 3600], got '${values.seconds}'`)
  const repeat = values.repeat === undefined ? 3 : Number(values.repeat)
  if (!(Number.isInteger(repeat) && repeat >= 1 && repeat <= 100))
    throw new UsageError(`bench: --repeat must be an integer in [1, 100], got '${values.repeat}'`)
  const all = workloads()
  const ids = (values.workload ?? 'W1,W1n,W2,watch')
    .split(',')
    .map((id) =>
      choiceOption('bench', 'workload', id.trim(), ['W1', 'W1b', 'W1n', 'W2', 'watch'] as const)!
    )
  const allowed: BackendName[] = ['js', 'cpu', 'webasm', 'webgpu', 'auto']
  // a gpu.js mode may name its strategy: webgpu:resident, webgpu:resident2, webgpu:fused (gpujs-backend.ts)
  const backends = (values.backends ?? 'js').split(',').map((b) => {
    const [name, strategy] = b.trim().split(':')
    return {
      name: choiceOption('bench', 'backends', name, allowed)!,
      strategy: choiceOption('bench', 'backends', strategy, [
        'fused',
        'resident',
        'resident2'
      ] as const)
    }
  })
  if (values.check)
    return checkModes(
      backends.map((b) => b.name),
      out
    )
  const torch = choiceOption('bench', 'torch', values.torch ?? 'cpu', ['cpu', 'cuda', 'none'])!
  // as in a run's compute worker: the GEMM path may use every core, like PyTorch's intra-op threads
  const threads = gemmThreadCount()
  const gemm = nodeGemmThreads(threads)
  // as in the compute worker: the PDE overlay of a watched run on its own thread
  installPdeThread()
  // every measurement of a workload, by series name (lab backend or peer), over the repeats
  const series = new Map<string, Map<string, number[]>>()
  const add = (id: string, name: string, sps: number) => {
    const m = series.get(id) ?? new Map<string, number[]>()
    m.set(name, [...(m.get(name) ?? []), sps])
    series.set(id, m)
  }
  const loads: number[] = []
  for (let rep = 0; rep < repeat; rep++) {
    loads.push(loadavg()[0])
    for (const id of ids) {
      if (id === 'watch') {
        // the default run whole, as a user starts it (--seconds does not cut it)
        const steps = defaultRunSteps()
        // the two runs of a pair in turns first, so neither always follows the other workloads
        for (const watched of rep % 2 === 0 ? [true, false] : [false, true]) {
          // as a compute worker starts: its PDE thread boots while the simulation is built
          if (watched) prewarmPdeThread()
          const sps = await benchWatchedRun(steps, watched, gemm)
          const name = watched ? 'watched' : 'steps only'
          add(id, name, sps)
          out(
            JSON.stringify({
              workload: id,
              repeat: rep,
              run: name,
              steps,
              stepsPerSecond: round2(sps)
            })
          )
        }
        continue
      }
      const w = all[id]
      for (const b of backends) {
        const r = await benchBackend(w, b.name, seconds, b.strategy, gemm)
        const label = b.strategy ? `${b.name}:${b.strategy}` : b.name
        if (b.strategy) r.detail = `${b.strategy}: ${r.detail}`
        add(id, `lab ${label}`, r.stepsPerSecond)
        out(JSON.stringify({ ...r, repeat: rep, threads }))
      }
      // 1 → N threads: the GEMM path (W2) once more on the calling thread only
      if (id === 'W2' && threads > 1 && backends.some((b) => b.name === 'js')) {
        const r = await benchBackend(w, 'js', seconds, undefined, null)
        add(id, 'lab js, 1 thread', r.stepsPerSecond)
        out(JSON.stringify({ ...r, repeat: rep, threads: 1 }))
      }
      if (torch === 'none') continue
      const peers = [
        ...plainPeers(id, seconds, torch).map(runPlainPeer),
        ...(torch === 'cpu' ? bestPeers(id, seconds).map(runPeer) : [])
      ]
      for (const p of peers) {
        if ('stepsPerSecond' in p) add(id, p.name, p.stepsPerSecond)
        out(JSON.stringify({ workload: id, repeat: rep, peer: p.name, ...p }))
      }
    }
  }
  for (const id of ids) {
    const m = series.get(id) ?? new Map<string, number[]>()
    const medians = Object.fromEntries([...m].map(([k, v]) => [k, round2(median(v))]))
    const w = id === 'watch' ? null : all[id]
    out(
      JSON.stringify({
        workload: id,
        title: w?.title ?? 'default mmn-two-gaussians run, watched vs steps only',
        flopsPerStep: w?.flopsPerStep,
        repeats: repeat,
        medianStepsPerSecond: medians
      })
    )
  }
  const med = (id: string, name: string) => median(series.get(id)?.get(name) ?? [])
  const peersOf = (id: string) => series.get(id) ?? new Map<string, number[]>()
  const goals = [
    ids.includes('W2') &&
      goal('W2 ≥ 1.2× numpy in place', 1.2, med('W2', 'lab js'), peersOf('W2'), ['numpy in place']),
    ids.includes('W1') &&
      goal('W1 ≥ 6× PyTorch eager', 6, med('W1', 'lab js'), peersOf('W1'), [
        'PyTorch eager, all cores',
        'PyTorch eager, 1 thread'
      ]),
    ids.includes('W1n') &&
      goal('noisy W1 ≥ 3× PyTorch', 3, med('W1n', 'lab js'), peersOf('W1n'), ['PyTorch, 1 thread'])
  ].filter((g): g is Goal => !!g)
  const watch = watchGoal(
    series.get('watch')?.get('watched') ?? [],
    series.get('watch')?.get('steps only') ?? []
  )
  if (watch) goals.push(watch)
  out(JSON.stringify({ goals, threads, load1: loads, cores: cpus().length }))
  return 0
}

/** `--check`: the kernel records against their float64 references on each gpu.js mode asked for. */
async function checkModes(names: BackendName[], out: (line: string) => void): Promise<number> {
  let failed = 0
  for (const mode of names) {
    if (mode !== 'cpu' && mode !== 'webasm' && mode !== 'webgpu') continue
    const why = await prepareHostGpu(mode)
    if (why) {
      out(JSON.stringify({ check: mode, skipped: why }))
      failed++
      continue
    }
    const gpu = await nodeGpuFactory(mode)
    try {
      for (const row of await checkKernels(gpu)) {
        out(JSON.stringify({ check: mode, ...row }))
        if (!row.ok || row.ran !== mode) failed++
      }
    } catch (e) {
      out(JSON.stringify({ check: mode, error: (e as Error).message }))
      failed++
    } finally {
      await gpu.destroy()
    }
  }
  out(JSON.stringify({ check: 'done', failed }))
  return failed ? 1 : 0
}

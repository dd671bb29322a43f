import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { GpuStrategy } from '@shared/engine/backends/gpujs-backend'
import { createSimulation } from '@shared/engine/create-simulation'
import { checkKernels } from '@shared/engine/kernels/kernel-check'
import type { BackendName, ExperimentSpec } from '@shared/spec/experiment-spec'
import { gemmThreadCount, installGemmThreads } from '../compute/gemm-thread-host'
import { hostGpuFactory, prepareHostGpu } from '../compute/host-gpu'
import { workloads, type Workload } from './bench-workloads'
import { choiceOption, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/** One backend's measured speed on a workload. */
export interface BenchResult {
  workload: string
  requested: BackendName | 'torch'
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
  gpuStrategy?: GpuStrategy
): Promise<BenchResult> {
  const spec: ExperimentSpec = w.spec
  await prepareHostGpu(backend)
  const sim = await createSimulation(spec, { backend, gpu: hostGpuFactory(), gpuStrategy })
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

/** A python3 that imports torch: $MFLAB_PYTHON, Debian's /usr/bin/python3, or python3 on PATH. */
function findTorchPython(): string | null {
  const candidates = [process.env.MFLAB_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => !!c
  )
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' })
    if (r.status === 0) return py
  }
  return null
}

/** The same step in plain eager PyTorch (test/bench/torch_steps.py), in the same command. */
function benchTorch(w: Workload, seconds: number, device: string): BenchResult | string {
  const script = [
    join(process.cwd(), 'test/bench/torch_steps.py'),
    join(__dirname, '../../test/bench/torch_steps.py')
  ].find(existsSync)
  if (!script) return 'test/bench/torch_steps.py not found (run from the repository root)'
  const py = findTorchPython()
  if (!py)
    return 'no python3 with torch (Debian: apt-get install python3-torch libopenblas0-pthread)'
  const r = spawnSync(py, [script, w.id, '--device', device, '--seconds', String(seconds)], {
    encoding: 'utf8'
  })
  if (r.status !== 0) return `torch run failed: ${(r.stderr || '').trim().split('\n').pop()}`
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    steps: number
    seconds: number
    torch: string
    threads: number
  }
  return result(
    w,
    'torch',
    `torch ${device}`,
    `torch ${j.torch}, ${j.threads} threads`,
    null,
    j.steps,
    j.seconds
  )
}

/**
 * `mflab bench [--workload W1,W1b,W2] [--backends js,webasm,cpu,webgpu] [--seconds S] [--torch cpu|cuda|none]`:
 * one JSON line per (workload, backend), then the PyTorch line, then a summary line with the ratios.
 * A gpu.js backend may name its strategy (`webgpu:resident`, `webgpu:fused`).
 * `mflab bench --check --backends webgpu`: every kernel against its float64 reference on those
 * gpu.js modes instead (one JSON line each, exit 1 if any is off).
 */
export async function cmdBench(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseCommandArgs('bench', args, {
    workload: { type: 'string' },
    backends: { type: 'string' },
    seconds: { type: 'string' },
    torch: { type: 'string' },
    check: { type: 'boolean' }
  })
  const seconds = values.seconds === undefined ? 3 : Number(values.seconds)
  if (!(seconds > 0 && seconds <= 3600))
    throw new UsageError(`bench: --seconds must be in (0, 3600], got '${values.seconds}'`)
  const all = workloads()
  const ids = (values.workload ?? 'W1,W1b,W2')
    .split(',')
    .map((id) => choiceOption('bench', 'workload', id.trim(), ['W1', 'W1b', 'W2'] as const)!)
  const allowed: BackendName[] = ['js', 'cpu', 'webasm', 'webgpu', 'auto']
  // a gpu.js mode may name its strategy: webgpu:resident, webgpu:fused (gpujs-backend.ts)
  const backends = (values.backends ?? 'js,webasm').split(',').map((b) => {
    const [name, strategy] = b.trim().split(':')
    return {
      name: choiceOption('bench', 'backends', name, allowed)!,
      strategy: choiceOption('bench', 'backends', strategy, ['fused', 'resident'] as const)
    }
  })
  if (values.check)
    return checkModes(
      backends.map((b) => b.name),
      out
    )
  const torch = choiceOption('bench', 'torch', values.torch ?? 'cpu', ['cpu', 'cuda', 'none'])
  // as in a run's compute worker: the GEMM path may use every core, like PyTorch's intra-op threads
  installGemmThreads(gemmThreadCount())
  for (const id of ids) {
    const w = all[id]
    const rows: BenchResult[] = []
    for (const b of backends) {
      const r = await benchBackend(w, b.name, seconds, b.strategy)
      if (b.strategy) r.detail = `${b.strategy}: ${r.detail}`
      rows.push(r)
      out(JSON.stringify(r))
    }
    if (torch !== 'none') {
      const t = benchTorch(w, seconds, torch!)
      if (typeof t === 'string')
        out(JSON.stringify({ workload: id, requested: 'torch', skipped: t }))
      else {
        out(JSON.stringify(t))
        const ratios = Object.fromEntries(
          rows.map((r) => [
            r.requested,
            Math.round((r.stepsPerSecond / t.stepsPerSecond) * 100) / 100
          ])
        )
        out(
          JSON.stringify({
            workload: id,
            title: w.title,
            flopsPerStep: w.flopsPerStep,
            bytesPerStep: w.bytesPerStep,
            workingSet: w.workingSet,
            ratioToTorch: ratios
          })
        )
      }
    }
  }
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
    const gpu = await hostGpuFactory()(mode)
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

import { GPU } from 'gpu.js'
import type { BackendName } from '../spec/experiment-spec'
import {
  autoReason,
  pickFastest,
  shapeClass,
  type AutoMemory,
  type OpenedCandidate,
  type WorkShape
} from './auto-choice'
import { createGpujsBackend, type GpuStrategy } from './backends/gpujs-backend'
import { createJsBackend } from './backends/js-backend'
import type { GemmThreads } from './backends/gemm-threads'
import { createFloat64Backend, createReferenceBackend } from './backends/reference-backend'
import {
  defaultGpuFactory,
  describeAdapter,
  probeWebGpuAdapter,
  type AdapterSummary,
  type GpuFactory,
  type GpuMode
} from './gpu-factory'
import { ruleOf, type DynamicsConfig, type ParticleBackend } from './particle-backend'
import type { BackendReport } from './simulation-types'

/** An opened backend and the report of what was asked and what runs. */
export interface BackendChoice {
  backend: ParticleBackend
  report: BackendReport
}

/** The gpu.js modes in fallback order (ARCHITECTURE.md: webgpu → webasm → cpu). */
export const GPU_PRIORITY: readonly GpuMode[] = ['webgpu', 'webasm', 'cpu']

/**
 * The backend `auto` picks when there is no hardware WebGPU adapter: 'js' (measured fastest on the
 * CPU for the W1 workload; gpu.js webasm and cpu pay per-pass barriers at small sizes).
 */
export const FASTEST_CPU_BACKEND = 'js' as const

export interface OpenOptions {
  gpu?: GpuFactory
  /** Helper threads for the js backend's GEMM path, from the host (none: the calling thread). */
  threads?: GemmThreads | null
  /** Overrides the adapter probe (tests); default asks navigator.gpu. */
  probeAdapter?: () => Promise<AdapterSummary | null>
  /** How gpu.js modes run their steps (benchmarks and tests); default by mode (defaultStrategy). */
  gpuStrategy?: GpuStrategy
  /**
   * The run's batches. With it, `auto` on a hardware adapter measures webgpu and js on this shape
   * (or recalls the choice from `autoMemory`) and keeps the faster; without it, it takes webgpu.
   */
  shape?: WorkShape
  /** Where `auto` remembers its measured choices by shape class (the host's settings file). */
  autoMemory?: AutoMemory
  /** Measure again even when `autoMemory` holds a choice for this shape class. */
  remeasure?: boolean
  /** Milliseconds each candidate is timed (default AUTO_MEASURE_MS). */
  measureMs?: number
}

/**
 * Opens the requested backend, or the next one by priority, and says why when it differs.
 * - 'auto': webgpu only on a HARDWARE adapter (software adapters such as SwiftShader or llvmpipe are
 *   never picked silently), else the fastest CPU backend. On a hardware adapter with `opts.shape`,
 *   by measured speed: webgpu or js, whichever ran this shape class faster (autoBySpeed).
 * - 'webgpu' | 'webasm' | 'cpu': that gpu.js mode; if it cannot start, the next mode in
 *   webgpu → webasm → cpu, then 'js', with `fallbackReason`. An explicit 'webgpu' runs on a software
 *   adapter if that is the only one, and the report's detail says 'software'.
 * - 'js' | 'reference': always available.
 * - A rule other than 'sgd' (linearised, two-timescale) has no gpu.js kernels: every gpu.js mode
 *   and 'auto' open 'js' (its float64 path for that rule) with the reason.
 */
export async function openBackend(
  requested: BackendName | 'reference',
  cfg: DynamicsConfig,
  opts: OpenOptions = {}
): Promise<BackendChoice> {
  const factory = opts.gpu ?? defaultGpuFactory
  const probe = opts.probeAdapter ?? probeWebGpuAdapter
  if (requested === 'reference') return plain(requested, createReferenceBackend(cfg))
  if (requested === 'js') return plain(requested, openJsBackend(cfg, opts.threads))
  const rule = ruleOf(cfg).kind
  if (rule !== 'sgd')
    return cpuFallback(
      requested,
      cfg,
      `the gpu.js kernels implement the SGD step only; '${rule}' dynamics run on the js backend`,
      opts.threads
    )
  if (requested === 'auto') {
    const adapter = await probe()
    if (adapter && !adapter.software) {
      const key = opts.shape && shapeClass(cfg, opts.shape, describeAdapter(adapter))
      const known = key && !opts.remeasure ? opts.autoMemory?.get(key) : undefined
      if (key && known?.backend === 'js') {
        const backend = openJsBackend(cfg, opts.threads)
        return { backend, report: report(requested, backend, autoReason(known, key, true)) }
      }
      const r = await tryMode('webgpu', cfg, factory, adapter, opts.gpuStrategy)
      if (r.ok && key && known)
        return {
          backend: r.backend,
          report: report(requested, r.backend, autoReason(known, key, true))
        }
      if (r.ok && key) return autoBySpeed(r.backend, cfg, opts.shape!, key, opts)
      if (r.ok) return { backend: r.backend, report: report(requested, r.backend, null) }
      return cpuFallback(
        requested,
        cfg,
        `webgpu failed on ${describeAdapter(adapter)}: ${r.reason}`,
        opts.threads
      )
    }
    const why = adapter
      ? `only a software WebGPU adapter (${describeAdapter(adapter)}); the CPU backend is faster`
      : 'no WebGPU adapter'
    return cpuFallback(requested, cfg, why, opts.threads)
  }
  const reasons: string[] = []
  for (const mode of GPU_PRIORITY.slice(GPU_PRIORITY.indexOf(requested))) {
    const adapter = mode === 'webgpu' ? await probe() : null
    if (mode === 'webgpu' && !adapter) {
      reasons.push('webgpu: no WebGPU adapter')
      continue
    }
    const r = await tryMode(mode, cfg, factory, adapter, opts.gpuStrategy)
    if (r.ok)
      return {
        backend: r.backend,
        report: report(requested, r.backend, reasons.length ? reasons.join('; ') : null)
      }
    reasons.push(`${mode}: ${r.reason}`)
  }
  return cpuFallback(requested, cfg, reasons.join('; '), opts.threads)
}

/**
 * `auto` on a hardware adapter with no remembered choice for this shape class (or a re-measure
 * asked): webgpu and js timed for AUTO_MEASURE_MS each on the run's shape, the faster kept and
 * remembered. The report's reason names the speeds.
 */
async function autoBySpeed(
  gpuBackend: ParticleBackend,
  cfg: DynamicsConfig,
  shape: WorkShape,
  key: string,
  opts: OpenOptions
): Promise<BackendChoice> {
  const candidates: OpenedCandidate[] = [
    { name: 'webgpu', backend: gpuBackend },
    { name: 'js', backend: openJsBackend(cfg, opts.threads) }
  ]
  const { kept, entry } = await pickFastest(candidates, cfg, shape, opts.measureMs)
  await opts.autoMemory?.set(key, entry)
  return {
    backend: kept.backend,
    report: report('auto', kept.backend, autoReason(entry, key, false))
  }
}

type Attempt = { ok: true; backend: ParticleBackend } | { ok: false; reason: string }

async function tryMode(
  mode: GpuMode,
  cfg: DynamicsConfig,
  factory: GpuFactory,
  adapter: AdapterSummary | null,
  strategy?: GpuStrategy
): Promise<Attempt> {
  if (mode === 'webasm' && !GPU.isWebAssemblySupported)
    return { ok: false, reason: 'WebAssembly is not supported here' }
  try {
    const gpu = await factory(mode)
    const backend = await createGpujsBackend(
      gpu,
      mode,
      cfg,
      adapter ? describeAdapter(adapter) : '',
      strategy
    )
    return { ok: true, backend }
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) }
  }
}

function cpuFallback(
  requested: BackendName | 'reference',
  cfg: DynamicsConfig,
  reason: string,
  threads: GemmThreads | null | undefined
): BackendChoice {
  const backend = openJsBackend(cfg, threads)
  return { backend, report: report(requested, backend, reason) }
}

/**
 * The 'js' backend of a config: the hand-written float32 loops for the 'sgd' rule; for
 * 'two-timescale' and 'linearised' the float64 science step under the name 'js' (the two-timescale
 * step is dominated by its O(n²M + n³) kernel solve, which float32 loops would not speed up).
 */
export function openJsBackend(
  cfg: DynamicsConfig,
  threads: GemmThreads | null = null
): ParticleBackend {
  const rule = ruleOf(cfg).kind
  if (rule === 'sgd') return createJsBackend(cfg, undefined, threads)
  const detail =
    rule === 'two-timescale'
      ? 'float64 science twoTimescaleStep / labelNoiseStep (its O(n²M + n³) kernel solve per step dominates; no float32 loop)'
      : 'float64 science linearisedStep (Taylor model at θ0; no float32 loop)'
  return createFloat64Backend(cfg, 'js', detail)
}

function plain(requested: BackendName | 'reference', backend: ParticleBackend): BackendChoice {
  return { backend, report: report(requested, backend, null) }
}

function report(
  requested: BackendName | 'reference',
  backend: ParticleBackend,
  fallbackReason: string | null
): BackendReport {
  return { requested, actual: backend.name, detail: backend.detail, fallbackReason }
}

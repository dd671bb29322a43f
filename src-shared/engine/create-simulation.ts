import type { Dataset } from '../science/particles'
import type { BackendName, ExperimentSpec } from '../spec/experiment-spec'
import type { AutoMemory, WorkShape } from './auto-choice'
import { openBackend } from './backend'
import type { GemmThreads } from './backends/gemm-threads'
import type { GpuStrategy } from './backends/gpujs-backend'
import { faultyConfig, type EngineFault } from './engine-fault'
import type { AdapterSummary, GpuFactory } from './gpu-factory'
import { DriverSimulation, dynamicsConfig } from './simulation'
import type { Checkpoint, Simulation } from './simulation-types'

/** How to run a spec: which backend (default spec.compute.backend), the host's gpu.js factory, a resume point. */
export interface CreateSimulationOptions {
  backend?: BackendName | 'reference'
  gpu?: GpuFactory
  /** The host's helper threads for the js backend's GEMM path (none: the calling thread). */
  threads?: GemmThreads | null
  /** Resume from this state: with the same backend the run continues exactly as it would have. */
  checkpoint?: Checkpoint
  /** The rows of a 'csv' task (see science/tasks/make-task.ts). */
  csv?: Dataset
  /** Overrides the WebGPU adapter probe (tests). */
  probeAdapter?: () => Promise<AdapterSummary | null>
  /** How gpu.js modes run their steps ('fused' or 'resident'; default by mode). */
  gpuStrategy?: GpuStrategy
  /** Where `auto` remembers its measured choices, and whether to measure again (backend.ts). */
  autoMemory?: AutoMemory
  remeasure?: boolean
  /** Runs the engine with a deliberate fault (tests only: engine-fault.ts). */
  fault?: EngineFault
}

/**
 * Opens a backend for `spec` (by priority, reporting any fallback) and starts the dynamics at the
 * initial particles of spec.seed, or at `opts.checkpoint`.
 */
export async function createSimulation(
  spec: ExperimentSpec,
  opts: CreateSimulationOptions = {}
): Promise<Simulation> {
  const cfg = faultyConfig(dynamicsConfig(spec), opts.fault)
  const { backend, report } = await openBackend(opts.backend ?? spec.compute.backend, cfg, {
    gpu: opts.gpu,
    threads: opts.threads,
    probeAdapter: opts.probeAdapter,
    gpuStrategy: opts.gpuStrategy,
    shape: workShape(spec),
    autoMemory: opts.autoMemory,
    remeasure: opts.remeasure
  })
  try {
    return await DriverSimulation.start(
      spec,
      backend,
      report,
      opts.checkpoint,
      opts.csv,
      opts.fault
    )
  } catch (e) {
    backend.dispose()
    throw e
  }
}

/** The batches of a spec's steps, for `auto`'s measurement: the training set (GD) or B fresh rows. */
export function workShape(spec: ExperimentSpec): WorkShape {
  const { kind, batchSize } = spec.dynamics
  const chunk = Math.max(1, Math.min(spec.compute.chunkSteps, spec.observe.every))
  if (kind === 'gd' || kind === 'two-timescale') {
    const n = 'trainSize' in spec.task ? spec.task.trainSize : batchSize
    return { batch: n, fromTrain: true, chunk }
  }
  return { batch: batchSize, fromTrain: false, chunk }
}

import type { Dataset } from '../science/particles'
import type { BackendName, ExperimentSpec } from '../spec/experiment-spec'
import { openBackend } from './backend'
import type { GpuStrategy } from './backends/gpujs-backend'
import { faultyConfig, type EngineFault } from './engine-fault'
import type { AdapterSummary, GpuFactory } from './gpu-factory'
import { DriverSimulation, dynamicsConfig } from './simulation'
import type { Checkpoint, Simulation } from './simulation-types'

/** How to run a spec: which backend (default spec.compute.backend), the host's gpu.js factory, a resume point. */
export interface CreateSimulationOptions {
  backend?: BackendName | 'reference'
  gpu?: GpuFactory
  /** Resume from this state: with the same backend the run continues exactly as it would have. */
  checkpoint?: Checkpoint
  /** The rows of a 'csv' task (see science/tasks/make-task.ts). */
  csv?: Dataset
  /** Overrides the WebGPU adapter probe (tests). */
  probeAdapter?: () => Promise<AdapterSummary | null>
  /** How gpu.js modes run their steps ('fused' or 'resident'; default by mode). */
  gpuStrategy?: GpuStrategy
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
    probeAdapter: opts.probeAdapter,
    gpuStrategy: opts.gpuStrategy
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

import { createSimulation } from '@shared/engine/create-simulation'
import { presetSpec, type PresetSize } from '@shared/spec/presets'
import type { BackendName } from '@shared/spec/experiment-spec'
import { hostGpuFactory, prepareHostGpu } from '../compute/host-gpu'
import { choiceOption, parseCommandArgs } from './parse-command-args'
import { UsageError } from './usage-error'

/** One backend's measured speed on a preset. */
export interface BenchResult {
  preset: string
  size: PresetSize
  requested: BackendName
  actual: string
  detail: string
  fallbackReason: string | null
  steps: number
  seconds: number
  stepsPerSecond: number
}

/**
 * Steps per second of a preset on one backend, in this thread: one warm-up chunk (kernel builds,
 * first upload), then whole chunks for about `seconds` of wall time, metrics included as in a run.
 */
export async function benchBackend(
  presetId: string,
  size: PresetSize,
  backend: BackendName,
  seconds: number
): Promise<BenchResult> {
  const base = presetSpec(presetId, { size })
  const spec = { ...base, dynamics: { ...base.dynamics, steps: 1e9 } }
  await prepareHostGpu(backend)
  const sim = await createSimulation(spec, { backend, gpu: hostGpuFactory() })
  try {
    const chunk = spec.compute.chunkSteps
    await sim.advance(chunk)
    const from = sim.step
    const t0 = performance.now()
    while (performance.now() - t0 < seconds * 1000) await sim.advance(chunk)
    const elapsed = (performance.now() - t0) / 1000
    const steps = sim.step - from
    return {
      preset: presetId,
      size,
      requested: backend,
      actual: sim.backend.actual,
      detail: sim.backend.detail,
      fallbackReason: sim.backend.fallbackReason,
      steps,
      seconds: Math.round(elapsed * 1000) / 1000,
      stepsPerSecond: Math.round(steps / elapsed)
    }
  } finally {
    sim.dispose()
  }
}

/** `mflab bench [--preset ID] [--size ci|default|paper] [--backends js,cpu,…] [--seconds S]`: one JSON line per backend. */
export async function cmdBench(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseCommandArgs('bench', args, {
    preset: { type: 'string' },
    size: { type: 'string' },
    backends: { type: 'string' },
    seconds: { type: 'string' }
  })
  const size =
    choiceOption<PresetSize>('bench', 'size', values.size, ['ci', 'default', 'paper']) ?? 'default'
  const seconds = values.seconds === undefined ? 3 : Number(values.seconds)
  if (!(seconds > 0 && seconds <= 3600))
    throw new UsageError(`bench: --seconds must be in (0, 3600], got '${values.seconds}'`)
  const allowed: BackendName[] = ['js', 'cpu', 'webasm', 'webgpu', 'auto']
  const backends = (values.backends ?? 'js,webasm,cpu').split(',').map((b) => {
    const name = choiceOption('bench', 'backends', b.trim(), allowed)
    return name!
  })
  for (const b of backends)
    out(JSON.stringify(await benchBackend(values.preset ?? 'mmn-two-gaussians', size, b, seconds)))
  return 0
}

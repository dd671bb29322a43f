import { scheduleFactor } from '../science/sgd-step'
import type { ExperimentSpec } from '../spec/experiment-spec'

/**
 * The run's clock t = Σ s_k at each record step after `from` (multiples of observe.every and the
 * last step), summed step by step exactly as the driver sums it (simulation.ts: s_k = s·ξ(t_k),
 * t += s_k), so a PDE thread can integrate to the very times the driver will ask for. From step 0
 * the first point is the initial record (step 0, t = from.time).
 */
export function* recordTimes(
  spec: ExperimentSpec,
  from: { step: number; time: number }
): Generator<{ step: number; time: number }> {
  const { stepSize, schedule, steps: total } = spec.dynamics
  const every = spec.observe.every
  let t = from.time
  if (from.step === 0) yield { step: 0, time: t }
  for (let s = from.step; s < total;) {
    t += stepSize * scheduleFactor(schedule, t)
    s++
    if (s % every === 0 || s === total) yield { step: s, time: t }
  }
}

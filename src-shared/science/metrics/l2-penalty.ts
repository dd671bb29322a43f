import type { Particles } from '../particles'
import type { ParameterGroups } from './trained-coordinates'

/**
 * The L2 part of the free energy, (λ/2)·(1/M) Σ_i ‖θ_i‖² = (λ/2)∫‖θ‖² dρ̂ for the empirical law ρ̂
 * of the particles, over the coordinates of the chosen (trained) groups only (docs/science.md#dynamics).
 */
export function l2Penalty(p: Particles, lambda: number, groups: ParameterGroups): number {
  const { m, d } = p
  let s = 0
  for (let i = 0; i < m; i++) {
    if (groups.a) s += p.a[i] * p.a[i]
    if (groups.b) s += p.b[i] * p.b[i]
    if (groups.w) for (let j = 0; j < d; j++) s += p.w[i * d + j] ** 2
  }
  return (lambda / 2) * (s / m)
}

import type { Particles } from '@shared/science/particles'

/** The largest difference between two particle sets over a, b and w, relative to max(1, |q|). */
export function maxRelDiff(p: Particles, q: Particles): number {
  let worst = 0
  for (const key of ['a', 'b', 'w'] as const)
    for (let i = 0; i < p[key].length; i++)
      worst = Math.max(worst, Math.abs(p[key][i] - q[key][i]) / Math.max(1, Math.abs(q[key][i])))
  return worst
}

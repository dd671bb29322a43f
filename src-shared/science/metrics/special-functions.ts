const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7
]

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`)
  // Reflection keeps the Lanczos series where it is accurate.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let s = LANCZOS[0]
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i)
  const t = z + LANCZOS_G + 0.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s)
}

/**
 * The digamma function ψ(x) = Γ′(x)/Γ(x) for x > 0 (recurrence up to x ≥ 10, then the asymptotic
 * series; error about 1e-14).
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, got ${x}`)
  let acc = 0
  while (x < 10) {
    acc -= 1 / x
    x += 1
  }
  const inv2 = 1 / (x * x)
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))))
  return acc + Math.log(x) - 1 / (2 * x) - series
}

/** log of the volume of the unit Euclidean ball in R^D: (D/2) log π − log Γ(D/2 + 1). */
export function logUnitBallVolume(dim: number): number {
  return (dim / 2) * Math.log(Math.PI) - logGamma(dim / 2 + 1)
}

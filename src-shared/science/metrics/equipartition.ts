import type { Activation } from '../activations'
import type { Dataset, Particles } from '../particles'
import { groupDim, type ParameterGroups } from './trained-coordinates'

/**
 * The Boltzmann fixed point's equipartition ratio β·⟨θ_i·∇_iℋ⟩/D, averaged over the particles:
 * 1 in the stationary law of the noisy step (sgdStep), for any data.
 *
 * Why: sgdStep is the Euler step of dθ_i = −2∇_iℋ dt + √(4/β) dB_i with the joint potential
 * ℋ(θ_1..θ_M) = (M/α²)·½R(θ) + (λ/2)Σ_i‖θ_i‖² (over the trained groups D), so its stationary law is
 * ∝ exp(−βℋ) — the Boltzmann fixed point ρ ∝ exp(−βΨ(θ; ρ)) in the mean-field limit — and
 * integrating by parts against it gives E[θ_i·∇_iℋ] = D/β for every particle (the generalised
 * equipartition theorem), at any M. Without data it is the variance check βλ·E‖θ‖²/D = 1.
 *
 * ∇_iℋ = −(1/α)·E[(y − f(x))·∇_{θ_i}(a_iσ(⟨w_i, x⟩ + b_i))] + λθ_i is estimated on `data` (the
 * training set: exact for GD on it; for online SGD an unbiased estimate of the population term,
 * whose own sampling noise raises the effective temperature by O(s)). Cost O(n·M·d).
 */
export function equipartitionRatio(
  p: Particles,
  sigma: Activation,
  alpha: number,
  lambda: number,
  beta: number,
  data: Dataset,
  groups: ParameterGroups
): number {
  const { m, d } = p
  const n = data.n
  const pre = new Float64Array(m * n)
  const residual = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    let f = 0
    for (let i = 0; i < m; i++) {
      let t = p.b[i]
      for (let j = 0; j < d; j++) t += p.w[i * d + j] * data.x[k * d + j]
      pre[i * n + k] = t
      f += p.a[i] * sigma.value(t)
    }
    residual[k] = data.y[k] - (alpha / m) * f
  }
  let sum = 0
  for (let i = 0; i < m; i++) {
    // θ_i·∇_{θ_i}(a_iσ(⟨w_i, x⟩ + b_i)) = a_iσ(t)·[a] + a_iσ′(t)·(b_i·[b] + ⟨w_i, x⟩·[w])
    let dataTerm = 0
    let norm2 = 0
    const ai = p.a[i]
    const bi = p.b[i]
    for (let k = 0; k < n; k++) {
      const t = pre[i * n + k]
      let dot = 0
      if (groups.a) dot += ai * sigma.value(t)
      if (groups.b || groups.w) {
        const inner = (groups.b ? bi : 0) + (groups.w ? t - bi : 0)
        dot += ai * sigma.derivative(t) * inner
      }
      dataTerm += residual[k] * dot
    }
    if (groups.a) norm2 += ai * ai
    if (groups.b) norm2 += bi * bi
    if (groups.w) for (let j = 0; j < d; j++) norm2 += p.w[i * d + j] ** 2
    sum += -dataTerm / n / alpha + lambda * norm2
  }
  return (beta * sum) / (m * groupDim(d, groups))
}

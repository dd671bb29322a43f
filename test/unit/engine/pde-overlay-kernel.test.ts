import { describe, expect, it } from 'vitest'
import { pdeKernelIsInfinite, pdeRiskLine } from '@shared/charts/risk-chart'
import { createPdeOverlay } from '@shared/engine/pde-overlay'
import { solveRadialPde } from '@shared/science/pde/radial-pde'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'
import { presetSpec } from '@shared/spec/presets'

/**
 * The radial PDE overlay's kernel option (observe.pdeKernel): the d → ∞ limit kernel of the
 * mean-field PDE against the finite-d one the overlay integrates by default. Both start from the
 * run's initial law, so they differ only by the kernel: the O(1/d) angle terms the limit drops.
 */
const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
const TIMES = [0.5, 1, 2, 4, 8, 12, 20]

function atDim(d: number, pdeKernel: 'finite-d' | 'infinite-d'): ExperimentSpec {
  if (base.task.kind !== 'two-gaussians') throw new Error('mmn preset changed task')
  return { ...base, task: { ...base.task, dim: d }, observe: { ...base.observe, pdeKernel } }
}

/** max over TIMES of |R_d(t) − R_∞(t)| for the overlays of a run at dimension d. */
function kernelGap(d: number): number {
  const finite = createPdeOverlay(atDim(d, 'finite-d'))!
  const limit = createPdeOverlay(atDim(d, 'infinite-d'))!
  return Math.max(...TIMES.map((t) => Math.abs(finite.riskAt(t) - limit.riskAt(t))))
}

describe('PDE overlay: the d → ∞ kernel', () => {
  it('integrates the limit kernel when asked, from the same initial law', () => {
    const spec = atDim(40, 'infinite-d')
    const overlay = createPdeOverlay(spec)!
    const sol = solveRadialPde({
      activation: spec.model.activation,
      delta: 0.8,
      d: 40,
      kappa: 0.8,
      radii: 2000,
      tEnd: 8,
      dt: 0.05,
      seed: spec.seed,
      finiteD: false,
      initialRadii: 'quantiles',
      record: [2, 8]
    })
    expect(overlay.riskAt(2)).toBeCloseTo(sol.risk[0], 10)
    expect(overlay.riskAt(8)).toBeCloseTo(sol.risk[1], 10)
    // and it is a different curve from the default, finite-d one
    expect(
      Math.abs(createPdeOverlay(atDim(40, 'finite-d'))!.riskAt(8) - sol.risk[1])
    ).toBeGreaterThan(0.01)
  })

  it('the finite-d curve approaches the d → ∞ one like 1/d as d grows', () => {
    // measured: 2.8e-2 (d = 40), 9.4e-3 (160), 2.2e-3 (640), 4.6e-4 (2560); ratios per 4× in d
    // 0.33, 0.24, 0.20 → 1/4
    const [g40, g160, g640] = [40, 160, 640].map(kernelGap)
    for (const ratio of [g160 / g40, g640 / g160]) {
      expect(ratio).toBeGreaterThan(0.15)
      expect(ratio).toBeLessThan(0.4)
    }
    expect(g640).toBeLessThan(3e-3)
  })

  it('labels the curve with its kernel; only the isotropic overlay has the option', () => {
    expect(pdeRiskLine(atDim(40, 'finite-d')).label).toBe('PDE, d = 40')
    expect(pdeRiskLine(atDim(40, 'infinite-d')).label).toBe('PDE, d → ∞')
    const single = { ...base, task: { kind: 'single-index', dim: 30 } } as unknown as ExperimentSpec
    expect(pdeKernelIsInfinite({ ...single, observe: { pdeKernel: 'infinite-d' } })).toBe(false)
    expect(pdeRiskLine({ ...single, observe: { pdeKernel: 'infinite-d' } }).label).toBe(
      'PDE, d = 30'
    )
  })
})

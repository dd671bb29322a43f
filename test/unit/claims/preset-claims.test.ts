import { describe, expect, it } from 'vitest'
import { claimsForPreset, evaluateClaims } from '@shared/claims/claims-for-preset'
import type { ClaimResult, StudyRun } from '@shared/claims/claim-types'
import type { NormHistogram } from '@shared/engine/simulation-types'
import { Rng } from '@shared/science/rng'
import { assertSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { findPreset, presetSpec, presetVariants } from '@shared/spec/presets'
import { setPath } from '@shared/spec/set-path'

/** The verdict of one claim of a preset on a single run or a study. */
function claim(
  preset: string,
  id: string,
  input: Parameters<typeof evaluateClaims>[1]
): ClaimResult {
  const r = evaluateClaims(preset, input).find((c) => c.id === id)
  if (!r) throw new Error(`no claim ${id} in ${preset}`)
  return r
}

/** A run of a guided preset's variant (CI size) with the given series. */
function variantRun(
  preset: string,
  label: string,
  series: Record<string, number[]>,
  size: 'ci' | 'default' = 'ci'
): StudyRun {
  return { label, spec: presetSpec(preset, { size, variant: label }), series }
}

const times = (n: number, dt: number) => Array.from({ length: n }, (_, i) => i * dt)

describe('evaluateClaims', () => {
  it('prints the ClaimResult shape and leaves study claims null on a single run', () => {
    const spec = presetSpec('ntk-gram', { size: 'ci' })
    const out = evaluateClaims('ntk-gram', { spec, series: {}, finished: false })
    expect(out.length).toBe(claimsForPreset('ntk-gram').length)
    for (const r of out) {
      expect(Object.keys(r).sort()).toEqual(['expected', 'id', 'met', 'text', 'value'])
      expect(r.met).toBeNull()
    }
    expect(evaluateClaims('no-such-preset', { spec, series: {}, finished: true })).toEqual([])
  })

  it('never returns a non-finite value (JSON-safe)', () => {
    const spec = presetSpec('mmn-two-gaussians', { size: 'ci' })
    const out = evaluateClaims('mmn-two-gaussians', {
      spec,
      series: { risk: [0, 0] },
      finished: true
    })
    for (const r of out) expect(r.value === null || Number.isFinite(r.value)).toBe(true)
  })
})

describe('mmn-two-gaussians claims', () => {
  const spec = presetSpec('mmn-two-gaussians', { size: 'ci' })
  const hist = (counts: number[]): NormHistogram[] => [
    { step: 20_000, edges: counts.map((_, i) => i / 4).concat(counts.length / 4), counts }
  ]
  // measured on the JS engine at the CI size (t = 8): a group near 0 and one near 3 (bins of 0.17)
  const split = [9, 1, 0, 0, 0, 1, 1, 0, 1, 3, 4, 3, 0, 10, 9, 12, 19, 11, 10, 6]
  const oneBump = [1, 2, 4, 7, 9, 12, 14, 13, 11, 9, 7, 4, 3, 2, 1, 1, 0, 0, 0, 0]

  it('risk-falls: below 0.25 × initial passes, above fails at the end, open while running', () => {
    expect(
      claim('mmn-two-gaussians', 'risk-falls', {
        spec,
        series: { risk: [1.7, 0.9, 0.31] },
        finished: true
      }).met
    ).toBe(true)
    expect(
      claim('mmn-two-gaussians', 'risk-falls', {
        spec,
        series: { risk: [1.7, 1.2, 0.8] },
        finished: true
      }).met
    ).toBe(false)
    expect(
      claim('mmn-two-gaussians', 'risk-falls', {
        spec,
        series: { risk: [1.7, 1.2, 0.8] },
        finished: false
      }).met
    ).toBeNull()
  })

  it('two-radii-split on the last histogram', () => {
    const yes = claim('mmn-two-gaussians', 'two-radii-split', {
      spec,
      series: {},
      histograms: hist(split),
      finished: true
    })
    expect(yes.met).toBe(true)
    expect(yes.value!).toBeLessThanOrEqual(0.5)
    const no = { spec, series: {}, histograms: hist(oneBump) }
    expect(claim('mmn-two-gaussians', 'two-radii-split', { ...no, finished: true }).met).toBe(false)
    expect(claim('mmn-two-gaussians', 'two-radii-split', { ...no, finished: false }).met).toBeNull()
    expect(
      claim('mmn-two-gaussians', 'two-radii-split', { spec, series: {}, finished: true }).met
    ).toBeNull()
  })

  it('pde-tracks-sgd fits the clock of the SGD risk against the PDE', () => {
    // spec: the ci size, M = 100: expected clock 1 + 14/100 = 1.14, window ±4 × 0.036
    const pde = (t: number) => 0.3 + 1.4 * Math.exp(-t / 3)
    const time = times(21, 0.4)
    const series = (clock: number, offset = 0.02) => ({
      time,
      risk: time.map((t) => pde(clock * t) + offset),
      pdeRisk: time.map(pde)
    })
    const on = claim('mmn-two-gaussians', 'pde-tracks-sgd', {
      spec,
      series: series(1.14),
      finished: true
    })
    expect(on.met).toBe(true)
    expect(Math.abs(on.value!)).toBeLessThan(0.05)
    // a 20% slower drift (clock 0.8 × 1.14) or a PDE clock 1.2× too fast
    for (const clock of [0.8 * 1.14, 1.14 / 1.2]) {
      const off = claim('mmn-two-gaussians', 'pde-tracks-sgd', {
        spec,
        series: series(clock),
        finished: true
      })
      expect(off.met, String(clock)).toBe(false)
      expect(off.value!).toBeLessThan(-1)
    }
    // on the right clock but far from the PDE's level: the offset-corrected gap decides
    const far = series(1.14)
    far.risk = far.risk.map((r, i) => (i > 10 ? r + 0.5 : r))
    expect(
      claim('mmn-two-gaussians', 'pde-tracks-sgd', { spec, series: far, finished: true }).met
    ).toBe(false)
    expect(
      claim('mmn-two-gaussians', 'pde-tracks-sgd', { spec, series: series(1.14), finished: false })
        .met
    ).toBeNull()
    expect(
      claim('mmn-two-gaussians', 'pde-tracks-sgd', {
        spec,
        series: { time, risk: series(1).risk },
        finished: true
      }).met
    ).toBeNull()
  })
})

describe('langevin-free-energy claims', () => {
  const withData = presetSpec('langevin-free-energy', { size: 'ci' })
  const noData = (() => {
    const v = presetVariants(findPreset('langevin-free-energy')!)[1]
    let input: unknown = withData
    for (const [k, x] of Object.entries(v.overrides)) input = setPath(input, k.split('.'), x)
    return assertSpec(input)
  })()

  it('free-energy-decreases: noisy monotone decay passes, a rise fails', () => {
    const rng = new Rng(2, 'test')
    const f = times(40, 1).map((t) => 0.2 + 0.7 * Math.exp(-t / 8) + 0.003 * rng.normal())
    expect(
      claim('langevin-free-energy', 'free-energy-decreases', {
        spec: withData,
        series: { freeEnergy: f },
        finished: true
      }).met
    ).toBe(true)
    const rise = f.map((v, i) => (i > 25 ? v + 0.03 * (i - 25) : v))
    expect(
      claim('langevin-free-energy', 'free-energy-decreases', {
        spec: withData,
        series: { freeEnergy: rise },
        finished: false
      }).met
    ).toBe(false)
  })

  it('variance-matches-1-over-beta-lambda applies to the no-data variant only', () => {
    // β = 40, λ = 0.1: 1/(βλ) = 0.25
    const settle = (level: number) =>
      times(30, 1).map((t) => level + (0.066 - level) * Math.exp(-t / 2))
    const ok = claim('langevin-free-energy', 'variance-matches-1-over-beta-lambda', {
      spec: noData,
      series: { wMeanSquare: settle(0.25) },
      finished: true
    })
    expect(ok.met).toBe(true)
    expect(ok.value!).toBeCloseTo(1, 2)
    expect(
      claim('langevin-free-energy', 'variance-matches-1-over-beta-lambda', {
        spec: noData,
        series: { wMeanSquare: settle(0.125) },
        finished: true
      }).met
    ).toBe(false)
    expect(
      claim('langevin-free-energy', 'variance-matches-1-over-beta-lambda', {
        spec: withData,
        series: { wMeanSquare: settle(0.25) },
        finished: true
      }).met
    ).toBeNull()
  })
})

describe('lazy-vs-mean-field claims', () => {
  const P = 'lazy-vs-mean-field'
  const run = (scaling: string, m: number, seed: number, risk: number[], cos = [0.17, 0.18]) =>
    variantRun(P, `${scaling}, M = ${m}, seed ${seed}`, { risk, meanAbsCos: cos })
  // final risks per seed at M = 10 and 100 (ci widths), measured shapes: NTK 0.002–0.017 → 0.06–0.08
  const ntk = (end10: number[], end100: number[]) =>
    [1, 2, 3].flatMap((k) => [
      run('ntk', 10, k, [0.9, end10[k - 1]]),
      run('ntk', 100, k, [0.8, end100[k - 1]])
    ])

  it('lazy-test-error-worsens: a paired t test over seeds of the width exponent', () => {
    const worse = ntk([0.017, 0.002, 0.0014], [0.078, 0.06, 0.069])
    const r = claim(P, 'lazy-test-error-worsens', { runs: worse })
    expect(r.met).toBe(true)
    expect(r.value!).toBeGreaterThan(2.92)
    // one seed carrying the trend is not enough: two seeds flat
    const oneSeed = ntk([0.017, 0.06, 0.07], [0.078, 0.06, 0.069])
    expect(claim(P, 'lazy-test-error-worsens', { runs: oneSeed }).met).toBe(false)
    // fewer than three seeds: not judged
    expect(claim(P, 'lazy-test-error-worsens', { runs: worse.slice(0, 4) }).met).toBeNull()
  })

  it('mf-test-error-does-not-worsen: the mean-field error at the largest width is a small fraction of the lazy one', () => {
    const pairs = (mfEnd: number) =>
      [1, 2, 3].flatMap((k) => [
        run('ntk', 100, k, [0.8, 0.07]),
        run('mean-field', 100, k, [0.5, mfEnd])
      ])
    expect(claim(P, 'mf-test-error-does-not-worsen', { runs: pairs(0.0008) }).met).toBe(true)
    // an engine whose scalings coincide: ratio 1
    const same = claim(P, 'mf-test-error-does-not-worsen', { runs: pairs(0.07) })
    expect(same.met).toBe(false)
    expect(same.value).toBeCloseTo(1, 6)
  })

  it('alignment-stays-small-when-lazy compares the lazy rise with the mean-field rise, seed by seed', () => {
    const study = (lazyEnd: number) =>
      [1, 2, 3].flatMap((k) => [
        run('ntk', 100, k, [1, 1], [0.17, lazyEnd]),
        run('mean-field', 100, k, [1, 1], [0.17, 0.33])
      ])
    const ok = claim(P, 'alignment-stays-small-when-lazy', { runs: study(0.19) })
    expect(ok.met).toBe(true)
    expect(ok.value).toBeCloseTo(0.02 / 0.16, 6)
    // lazy learning like mean field: ratio 1 (a constant threshold 2/√d = 0.45 would pass 0.33)
    expect(claim(P, 'alignment-stays-small-when-lazy', { runs: study(0.33) }).met).toBe(false)
    // M = 10 is not lazy: not judged
    const small = [run('ntk', 10, 1, [1, 1], [0.17, 0.6]), run('mean-field', 10, 1, [1, 1])]
    expect(claim(P, 'alignment-stays-small-when-lazy', { runs: small }).met).toBeNull()
    expect(
      claim(P, 'mf-alignment-rises', { runs: [run('mean-field', 100, 1, [1, 1], [0.17, 0.33])] })
        .met
    ).toBe(true)
    expect(
      claim(P, 'mf-alignment-rises', { runs: [run('mean-field', 100, 1, [1, 1], [0.17, 0.19])] })
        .met
    ).toBe(false)
  })
})

describe('propagation-of-chaos claims', () => {
  const P = 'propagation-of-chaos'
  const curve = times(9, 0.2).map((t) => 1.04 + 0.7 * Math.exp(-t))
  // Seed k of each width is shifted by spread(M)·z_k with fixed z_k, so the across-seed std is
  // exactly ∝ spread(M): this tests the claim's arithmetic, not the statistics of few seeds.
  const z = [-1.2, 0.1, 1.1, -0.3, 0.4, 0.9, -0.8, 0.2]
  function study(spread: (m: number) => number): StudyRun[] {
    const seen = new Map<number, number>()
    return presetVariants(findPreset(P)!, 'ci').map((v) => {
      const m = v.overrides['model.width'] as number
      const k = seen.get(m) ?? 0
      seen.set(m, k + 1)
      const risk = curve.map((c) => c + spread(m) * z[k])
      return variantRun(P, v.label, { risk, pdeRisk: curve })
    })
  }

  it('spread-shrinks-1-over-sqrt-m: 1/√M spread passes, a width-independent one fails', () => {
    const good = claim(P, 'spread-shrinks-1-over-sqrt-m', {
      runs: study((m) => 0.5 / Math.sqrt(m))
    })
    expect(good.met).toBe(true)
    expect(good.value!).toBeLessThan(-0.25)
    expect(claim(P, 'spread-shrinks-1-over-sqrt-m', { runs: study(() => 0.05) }).met).toBe(false)
  })

  it('curves-converge-to-pde: the gap to pdeRisk must close like 1/M', () => {
    // seed means sit above the PDE by bias/M (the finite-M term of the risk), seeds scattered as z_k
    const gapStudy = (gap: (m: number) => number) => {
      const seen = new Map<number, number>()
      return presetVariants(findPreset(P)!, 'ci').map((v) => {
        const m = v.overrides['model.width'] as number
        const k = seen.get(m) ?? 0
        seen.set(m, k + 1)
        const risk = curve.map((c) => c + gap(m) + (0.05 / Math.sqrt(m)) * z[k])
        return variantRun(P, v.label, { risk, pdeRisk: curve })
      })
    }
    const ok = claim(P, 'curves-converge-to-pde', { runs: gapStudy((m) => 3 / m) })
    expect(ok.met).toBe(true)
    expect(ok.value!).toBeLessThan(1)
    // a gap that does not close like 1/M (a clock error adds a width-independent part)
    expect(claim(P, 'curves-converge-to-pde', { runs: gapStudy((m) => 3 / m + 0.015) }).met).toBe(
      false
    )
    expect(claim(P, 'curves-converge-to-pde', { runs: gapStudy(() => 0.1) }).met).toBe(false)
  })
})

describe('bad-minimum-escape claims', () => {
  const P = 'bad-minimum-escape'
  const spec = (label: string) => presetSpec(P, { size: 'ci', variant: label })
  const risk = (end: number) => times(41, 0.5).map((t) => end + (1.25 - end) * Math.exp(-t / 2))

  it('small-kappa-stuck, noise-escapes and large-kappa-learns each judge their own variant', () => {
    const stuck = { spec: spec('small κ, β = ∞'), series: { risk: risk(0.92) }, finished: true }
    expect(claim(P, 'small-kappa-stuck', stuck).met).toBe(true)
    expect(claim(P, 'noise-escapes', stuck).met).toBeNull()
    expect(claim(P, 'small-kappa-stuck', { ...stuck, series: { risk: risk(0.3) } }).met).toBe(false)
    const noisy = { spec: spec('small κ, β = 100'), series: { risk: risk(0.28) }, finished: true }
    expect(claim(P, 'noise-escapes', noisy).met).toBe(true)
    expect(claim(P, 'noise-escapes', { ...noisy, series: { risk: risk(0.9) } }).met).toBe(false)
    expect(claim(P, 'noise-escapes', { ...noisy, finished: false }).met).toBeNull()
    const large = { spec: spec('large κ, β = ∞'), series: { risk: risk(0.23) }, finished: true }
    expect(claim(P, 'large-kappa-learns', large).met).toBe(true)
    expect(claim(P, 'small-kappa-stuck', large).met).toBeNull()
  })

  it('a study of all three variants is met only when every variant behaves', () => {
    const runs = [
      { label: 'small κ, β = ∞', spec: spec('small κ, β = ∞'), series: { risk: risk(0.92) } },
      { label: 'small κ, β = 100', spec: spec('small κ, β = 100'), series: { risk: risk(0.28) } },
      { label: 'large κ, β = ∞', spec: spec('large κ, β = ∞'), series: { risk: risk(0.23) } }
    ]
    expect(evaluateClaims(P, { runs }).map((c) => c.met)).toEqual([true, true, true])
    runs[1].series.risk = risk(0.9)
    expect(claim(P, 'noise-escapes', { runs }).met).toBe(false)
  })
})

describe('ntk-gram claims', () => {
  const P = 'ntk-gram'
  const spec: ExperimentSpec = presetSpec(P, { size: 'ci' })
  const n = spec.task.trainSize
  const t = times(21, 10)
  const lambda0 = 0.088
  const base = { time: t, ntkLambda0: t.map(() => lambda0) }

  it('ntk-bound-holds: faster than exp(−2λ0 t/n) passes, slower fails', () => {
    const fast = t.map((x) => 0.9 * Math.exp((-4 * lambda0 * x) / n))
    const slow = t.map((x) => 0.9 * Math.exp((-0.5 * lambda0 * x) / n))
    expect(
      claim(P, 'ntk-bound-holds', { spec, series: { ...base, trainRisk: fast }, finished: true })
        .met
    ).toBe(true)
    const bad = claim(P, 'ntk-bound-holds', {
      spec,
      series: { ...base, trainRisk: slow },
      finished: false
    })
    expect(bad.met).toBe(false)
    expect(bad.value!).toBeGreaterThan(1)
  })

  it('lambda-min-stays-above-half against ntkLambda0', () => {
    const ok = { ...base, ntkLambdaMin: t.map((x) => 0.085 - 0.0001 * x) }
    expect(claim(P, 'lambda-min-stays-above-half', { spec, series: ok, finished: true }).met).toBe(
      true
    )
    const drop = { ...base, ntkLambdaMin: t.map((x) => 0.085 - 0.0004 * x) }
    expect(
      claim(P, 'lambda-min-stays-above-half', { spec, series: drop, finished: false }).met
    ).toBe(false)
  })

  it('weights-barely-move and gram-stays-put at width 1000', () => {
    const still = { movement: [0, 0.02, 0.04], ntkGramDrift: [0, 0.01, 0.02] }
    const moved = { movement: [0, 0.1, 0.3], ntkGramDrift: [0, 0.2, 0.4] }
    expect(claim(P, 'weights-barely-move', { spec, series: still, finished: true }).met).toBe(true)
    expect(claim(P, 'weights-barely-move', { spec, series: moved, finished: true }).met).toBe(false)
    expect(claim(P, 'gram-stays-put', { spec, series: still, finished: true }).met).toBe(true)
    expect(claim(P, 'gram-stays-put', { spec, series: moved, finished: false }).met).toBe(false)
  })

  it('h0-approaches-limit and movement-shrinks-with-width across widths', () => {
    const runs = (gap: (m: number) => number) =>
      presetVariants(findPreset(P)!).map((v) => {
        const m = v.overrides['model.width'] as number
        const series = { ntkLimitGap: [gap(m), gap(m)], movement: [0, 3 * gap(m)] }
        return variantRun(P, v.label, series, 'default')
      })
    const good = runs((m) => 3 / Math.sqrt(m))
    expect(claim(P, 'h0-approaches-limit', { runs: good }).met).toBe(true)
    expect(claim(P, 'movement-shrinks-with-width', { runs: good }).met).toBe(true)
    const flat = runs(() => 0.05)
    expect(claim(P, 'h0-approaches-limit', { runs: flat }).met).toBe(false)
    expect(claim(P, 'movement-shrinks-with-width', { runs: flat }).met).toBe(false)
  })
})

describe('random-features-vs-network claims', () => {
  const P = 'random-features-vs-network'
  const runs = (net: number, rf: number) => [
    variantRun(P, 'both layers', { risk: [0.17, net] }),
    variantRun(P, 'random features (a only)', { risk: [0.17, rf] })
  ]
  it('both-layers-beat-rf', () => {
    expect(claim(P, 'both-layers-beat-rf', { runs: runs(0.0009, 0.009) }).met).toBe(true)
    expect(claim(P, 'both-layers-beat-rf', { runs: runs(0.008, 0.009) }).met).toBe(false)
    expect(claim(P, 'both-layers-beat-rf', { runs: runs(0.008, 0.009).slice(0, 1) }).met).toBeNull()
  })
})

describe('two-timescale-kernel claims', () => {
  const P = 'two-timescale-kernel'
  const spec = presetSpec(P, { size: 'ci' })
  const t = times(30, 5)
  it('objective-linear-convergence: exponential passes, plateau-then-drop fails', () => {
    const rng = new Rng(9, 'test')
    const expo = t.map((x) => 0.1 + 0.5 * Math.exp(-x / 25) + 1e-4 * rng.normal())
    expect(
      claim(P, 'objective-linear-convergence', {
        spec,
        series: { time: t, freeEnergy: expo },
        finished: true
      }).met
    ).toBe(true)
    const stalled = t.map((x) => 0.1 + 0.5 / (1 + Math.exp((x - 70) / 6)))
    expect(
      claim(P, 'objective-linear-convergence', {
        spec,
        series: { time: t, freeEnergy: stalled },
        finished: true
      }).met
    ).toBe(false)
  })
  it('kernel-alignment-rises', () => {
    expect(
      claim(P, 'kernel-alignment-rises', {
        spec,
        series: { alignment: [0.05, 0.2, 0.4] },
        finished: false
      }).met
    ).toBe(true)
    expect(
      claim(P, 'kernel-alignment-rises', {
        spec,
        series: { alignment: [0.05, 0.06, 0.08] },
        finished: true
      }).met
    ).toBe(false)
    expect(
      claim(P, 'kernel-alignment-rises', {
        spec,
        series: { alignment: [0.05, 0.06, 0.08] },
        finished: false
      }).met
    ).toBeNull()
  })
})

describe('label-noise-dof claims', () => {
  const P = 'label-noise-dof'
  const labels = ['σ̃ = 0', 'σ̃ = 0.5', 'σ̃ = 1', 'σ̃ = 1, contrasting (ỹ in the solve)']
  /** Seeds 1–3 of each σ̃ setting with final dof and risk per setting (index as `labels`). */
  const study = (perSeed: Record<number, { dof: number[]; risk: number[] }>) =>
    labels.flatMap((l, i) =>
      [1, 2, 3].map((seed) =>
        variantRun(P, `${l}, seed ${seed}`, {
          dof: [50, perSeed[seed].dof[i]],
          risk: [1, perSeed[seed].risk[i]]
        })
      )
    )
  const same = (dof: number[], risk: number[]) =>
    study({ 1: { dof, risk }, 2: { dof, risk }, 3: { dof, risk } })

  it('dof-falls-with-label-noise and test-error-improves-with-label-noise', () => {
    const good = study({
      1: { dof: [40, 35, 30, 45], risk: [0.5, 0.45, 0.4, 0.6] },
      2: { dof: [41, 36, 31, 46], risk: [0.6, 0.56, 0.5, 0.7] },
      3: { dof: [39, 34, 29, 44], risk: [0.55, 0.5, 0.47, 0.6] }
    })
    expect(claim(P, 'dof-falls-with-label-noise', { runs: good }).met).toBe(true)
    expect(claim(P, 'test-error-improves-with-label-noise', { runs: good }).met).toBe(true)
    expect(claim(P, 'contrasting-noise-raises-dof', { runs: good }).met).toBe(true)
    const bad = same([30, 35, 40, 25], [0.4, 0.45, 0.5, 0.6])
    expect(claim(P, 'dof-falls-with-label-noise', { runs: bad }).met).toBe(false)
    expect(claim(P, 'test-error-improves-with-label-noise', { runs: bad }).met).toBe(false)
    expect(claim(P, 'contrasting-noise-raises-dof', { runs: bad }).met).toBe(false)
  })

  it('an engine that ignores σ̃ (identical runs per seed) fails the test-error claim', () => {
    const ignored = study({
      1: { dof: [40, 40, 40, 40], risk: [0.5, 0.5, 0.5, 0.5] },
      2: { dof: [41, 41, 41, 41], risk: [0.6, 0.6, 0.6, 0.6] },
      3: { dof: [39, 39, 39, 39], risk: [0.55, 0.55, 0.55, 0.55] }
    })
    const r = claim(P, 'test-error-improves-with-label-noise', { runs: ignored })
    expect(r.met).toBe(false)
    expect(r.value).toBe(1)
    expect(claim(P, 'dof-falls-with-label-noise', { runs: ignored }).met).toBe(false)
  })

  it('free-energy-decreases judges the σ̃ = 0 runs only: a rising 𝒢 (a flipped decay) fails', () => {
    const falling = [1.05, 0.6, 0.4, 0.33, 0.3, 0.29, 0.285, 0.283, 0.282]
    // 𝒢 with the true λw when ‖w‖ grows like e^{λw t}: falls, then climbs by ~0.9
    const rising = [1.05, 0.6, 0.4, 0.37, 0.42, 0.55, 0.74, 0.98, 1.2]
    const runs = (plain: number[], noisy: number[]) => [
      variantRun(P, 'σ̃ = 0, seed 1', { freeEnergy: plain }),
      variantRun(P, 'σ̃ = 1, seed 1', { freeEnergy: noisy })
    ]
    const ok = claim(P, 'free-energy-decreases', { runs: runs(falling, rising) })
    expect(ok.met).toBe(true)
    expect(ok.value).toBe(0)
    const bad = claim(P, 'free-energy-decreases', { runs: runs(rising, falling) })
    expect(bad.met).toBe(false)
    expect(bad.value!).toBeGreaterThan(1)
  })

  it('pairs the runs of one seed: a gain in every seed is significant, a mixed one is not', () => {
    // seeds differ a lot in level (a harder draw has all risks higher); the gain per seed is ≈ 2%
    const perSeed = {
      1: { dof: [20, 19, 18, 22], risk: [0.6, 0.595, 0.588, 0.61] },
      2: { dof: [30, 29, 27, 33], risk: [0.8, 0.795, 0.785, 0.81] },
      3: { dof: [25, 24, 22, 27], risk: [0.7, 0.69, 0.686, 0.71] }
    }
    const runs = study(perSeed)
    const dof = claim(P, 'dof-falls-with-label-noise', { runs })
    expect(dof.met).toBe(true)
    expect(dof.value).toBeCloseTo(67 / 75, 12)
    const risk = claim(P, 'test-error-improves-with-label-noise', { runs })
    expect(risk.met).toBe(true)
    const logs = [0.588 / 0.6, 0.785 / 0.8, 0.686 / 0.7].map(Math.log)
    expect(risk.value).toBeCloseTo(Math.exp(logs.reduce((a, x) => a + x) / 3), 12)
    // one seed's loss: no longer significant, although the mean ratio is still below 1
    perSeed[3].risk[2] = 0.705
    const mixed = claim(P, 'test-error-improves-with-label-noise', { runs: study(perSeed) })
    expect(mixed.value!).toBeLessThan(1)
    expect(mixed.met).toBe(false)
  })
})

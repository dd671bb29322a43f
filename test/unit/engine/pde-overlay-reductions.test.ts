import { beforeAll, describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import {
  createPdeOverlay,
  pdeOverlayMismatch,
  type ReducedPdeOverlay
} from '@shared/engine/pde-overlay'
import {
  anisotropicOverlayMismatch,
  createAnisotropicPdeOverlay
} from '@shared/engine/pde-overlay-anisotropic'
import {
  createSingleIndexPdeOverlay,
  singleIndexOverlayMismatch
} from '@shared/engine/pde-overlay-single-index'
import type { MetricRecord, NormHistogram } from '@shared/engine/simulation-types'
import { makeActivation } from '@shared/science/activations'
import { predict } from '@shared/science/network'
import type { Particles } from '@shared/science/particles'
import { quantiles } from '@shared/science/pde/radial-density'
import { Rng } from '@shared/science/rng'
import { makeTask } from '@shared/science/tasks/make-task'
import {
  experimentSpec,
  type ExperimentSpec,
  type ExperimentSpecInput
} from '@shared/spec/experiment-spec'
import { MMN_TRUNCATED_RELU, mmnModel } from '@shared/spec/mmn-model'

/*
 * The (r1, r2) and (a, s, r) overlays against the real engine (js backend, the driver of the app
 * and the CLI), at CI sizes. Bands: every comparison allows 4 standard deviations of the noise
 * measured on the run itself — the test-set error of the recorded SGD risk, the O(1/√M) sampling
 * of the M network neurons (delta method: R(ρ_M) − R(ρ) ≈ mean_i g(θ_i) − E g with
 * g(θ) = δR/δρ = 2E[(f − y) a σ(⟨w, x⟩)], its sd estimated from the SGD neurons) and the same
 * for the N PDE particles — plus the 1/M self-interaction the PDE (M = ∞) leaves out on the upper
 * side, plus a small slack for the finite step (O(s) bias) stated at each use.
 */

const relu = { kind: 'relu' } as const

type Over = Partial<Record<'m' | 'steps' | 'every' | 'beta' | 'lambda', number>>

/** A run of the anisotropic task in the reduction's setting. */
function anisotropicSpec(over: Over = {}) {
  return experimentSpec.parse({
    seed: 1,
    task: { kind: 'two-gaussians-anisotropic', dim: 40, subspaceDim: 10, delta: 0.8 },
    model: mmnModel(over.m ?? 200, MMN_TRUNCATED_RELU, 0.8),
    dynamics: {
      kind: 'online-sgd',
      stepSize: 1e-4,
      steps: over.steps ?? 10_000,
      batchSize: 1,
      beta: over.beta ?? null,
      lambda: over.lambda ?? 0
    },
    observe: {
      every: over.every ?? 2500,
      riskSamples: 4000,
      histogramBins: 40,
      observables: ['pde']
    },
    compute: { backend: 'js', chunkSteps: 2500 }
  } satisfies ExperimentSpecInput)
}

/** A run of the single-index task in the reduction's setting (both layers train). */
function singleIndexSpec(over: Over = {}) {
  return experimentSpec.parse({
    seed: 1,
    task: { kind: 'single-index', dim: 30, link: relu, inputs: 'gaussian', noiseStd: 0.1 },
    model: {
      width: over.m ?? 200,
      activation: relu,
      scaling: 'mean-field',
      train: { a: true, b: false, w: true },
      bias: false,
      init: {
        a: { kind: 'sign', value: 1 },
        b: { kind: 'constant', value: 0 },
        w: { kind: 'normal', mean: 0, std: 1, scaleByDim: false }
      }
    },
    dynamics: {
      kind: 'online-sgd',
      stepSize: 0.005,
      steps: over.steps ?? 4000,
      batchSize: 1,
      beta: over.beta ?? null,
      lambda: over.lambda ?? 0
    },
    observe: {
      every: over.every ?? 1000,
      riskSamples: 4000,
      histogramBins: 40,
      observables: ['pde']
    },
    compute: { backend: 'js', chunkSteps: 1000 }
  } satisfies ExperimentSpecInput)
}

/** Returns spec with `edit` applied to a deep copy (a broken assumption). */
function broken(spec: ExperimentSpec, edit: (s: ExperimentSpec) => void): ExperimentSpec {
  const s = structuredClone(spec)
  edit(s)
  return s
}

interface Point {
  record: MetricRecord
  time: number
  particles: Particles
  histogram: NormHistogram
}

/** Runs the spec on the engine, keeping particles and the ‖w‖ histogram at every record. */
async function runEngine(spec: ExperimentSpec): Promise<Point[]> {
  const sim = await createSimulation(spec, { backend: 'js' })
  const out: Point[] = []
  let recs = await sim.advance(0)
  for (;;) {
    expect(recs).toHaveLength(1)
    out.push({
      record: recs[0],
      time: sim.time,
      particles: await sim.snapshot(),
      histogram: await sim.histogram()
    })
    if (sim.step >= spec.dynamics.steps) break
    recs = await sim.advance(spec.observe.every)
  }
  sim.dispose()
  return out
}

/**
 * The noise of the recorded SGD risk at one record: `se` of the test-set mean (the driver's own
 * test set, rebuilt from the 'test' stream), `sdM` the O(1/√M) neuron-sampling sd (delta method,
 * see the file comment) and `self` the 1/M self-interaction mean_x Var_i(a_i σ_i(x))/M.
 */
function riskNoise(spec: ExperimentSpec, p: Particles) {
  const test = makeTask(spec.task, spec.seed).sample(
    new Rng(spec.seed, 'test'),
    spec.observe.riskSamples
  )
  const sigma = makeActivation(spec.model.activation)
  const f = predict(p, sigma, 1, test.x, test.n)
  const { m, d } = p
  const e = Array.from(f, (fk, k) => (test.y[k] - fk) ** 2)
  const mean = e.reduce((s, v) => s + v, 0) / test.n
  const se = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / test.n / test.n)
  const g = new Float64Array(m)
  let self = 0
  for (let k = 0; k < test.n; k++) {
    let s1 = 0
    let s2 = 0
    for (let i = 0; i < m; i++) {
      let pre = p.b[i]
      for (let j = 0; j < d; j++) pre += p.w[i * d + j] * test.x[k * d + j]
      const out = p.a[i] * sigma.value(pre)
      g[i] += (2 * (f[k] - test.y[k]) * out) / test.n
      s1 += out
      s2 += out * out
    }
    self += (s2 / m - (s1 / m) ** 2) / test.n / m
  }
  const gm = g.reduce((s, v) => s + v, 0) / m
  const sdG = Math.sqrt(g.reduce((s, v) => s + (v - gm) ** 2, 0) / m)
  return { mse: mean, se, sdM: sdG / Math.sqrt(m), sdG, self }
}

/** ‖w_i‖ of the network's neurons. */
function norms(p: Particles): Float64Array {
  return Float64Array.from({ length: p.m }, (_, i) =>
    Math.hypot(...p.w.subarray(i * p.d, (i + 1) * p.d))
  )
}

/** p-quantiles and densities at them of the overlay's ‖w‖ law, from its counts on a fine grid. */
function overlayQuantiles(counts: number[], edges: number[], ps: readonly number[]) {
  const total = counts.reduce((s, v) => s + v, 0)
  const cdf = [0]
  for (const c of counts) cdf.push(cdf.at(-1)! + c / total)
  return ps.map((p) => {
    const b = cdf.findIndex((c) => c >= p) - 1
    const width = edges[b + 1] - edges[b]
    const q = edges[b] + ((p - cdf[b]) / (cdf[b + 1] - cdf[b])) * width
    // density over ±5 bins around the quantile (the grid is 100× finer than the law's spread)
    const lo = Math.max(b - 5, 0)
    const hi = Math.min(b + 6, counts.length)
    const density = (cdf[hi] - cdf[lo]) / (edges[hi] - edges[lo])
    return { q, density }
  })
}

const PS = [0.1, 0.5, 0.9] as const

describe('which runs the reduced PDE overlays describe', () => {
  it('anisotropic (r1, r2): accepts the setting, names each broken assumption', () => {
    const spec = anisotropicSpec()
    expect(anisotropicOverlayMismatch(spec)).toBeNull()
    expect(pdeOverlayMismatch(spec)).toBeNull()
    // noise, L2 and a step schedule are within the reduction
    const noisy = broken(spec, (s) => {
      s.dynamics.beta = 200
      s.dynamics.lambda = 0.02
      s.dynamics.schedule = { kind: 'power', power: 0.25, t0: 1 }
    })
    expect(pdeOverlayMismatch(noisy)).toBeNull()
    const cases: [(s: ExperimentSpec) => void, RegExp][] = [
      [(s) => (s.dynamics.kind = 'gd'), /dynamics 'gd' is not online SGD/],
      [(s) => (s.dynamics.kind = 'sgd'), /not online SGD/],
      [(s) => (s.model.scaling = 'ntk'), /scaling 'ntk' is not mean-field/],
      [(s) => (s.model.linearised = true), /linearised/],
      [(s) => (s.model.train.a = true), /only w may train/],
      [
        (s) => {
          s.model.bias = true
          s.model.train.b = true
        },
        /only w may train/
      ],
      [(s) => (s.model.init.a = { kind: 'sign', value: 1 }), /a must be the constant 1/],
      [
        (s) => {
          s.model.bias = true
          s.model.init.b = { kind: 'constant', value: 0.3 }
        },
        /b must be absent or 0/
      ],
      [(s) => (s.model.init.w = { kind: 'sign', value: 0.1 }), /w must start centred normal/],
      [
        (s) => (s.model.init.w = { kind: 'normal', mean: 0.1, std: 0.8, scaleByDim: true }),
        /w must start centred normal/
      ]
    ]
    for (const [edit, message] of cases) {
      const s = broken(spec, edit)
      expect(pdeOverlayMismatch(s)).toMatch(message)
      expect(createPdeOverlay(s)).toBeNull()
    }
    expect(createPdeOverlay(spec)).not.toBeNull()
    // s0 = d is the isotropic task: the radial overlay takes it
    const iso = broken(spec, (s) => {
      if (s.task.kind === 'two-gaussians-anisotropic') s.task.subspaceDim = 40
    })
    expect(pdeOverlayMismatch(iso)).toBeNull()
    expect(createAnisotropicPdeOverlay(iso)).toBeNull()
    expect(createPdeOverlay(iso, 200)?.riskAt(0)).toBeGreaterThan(1)
  })

  it('single index (a, s, r): accepts the setting, names each broken assumption', () => {
    const spec = singleIndexSpec()
    expect(singleIndexOverlayMismatch(spec)).toBeNull()
    const ok = [
      broken(spec, (s) => {
        s.dynamics.beta = 500
        s.dynamics.lambda = 0.01
      }),
      broken(spec, (s) => (s.model.train.a = false)),
      broken(spec, (s) => (s.model.train.w = false)),
      broken(
        spec,
        (s) => (s.model.init.a = { kind: 'normal', mean: 0, std: 1, scaleByDim: false })
      ),
      broken(spec, (s) => {
        if (s.task.kind === 'single-index') s.task.inputs = 'sphere'
      }),
      broken(spec, (s) => (s.model.bias = true)) // b ≡ 0 untrained
    ]
    for (const s of ok) expect(pdeOverlayMismatch(s)).toBeNull()
    const cases: [(s: ExperimentSpec) => void, RegExp][] = [
      [(s) => (s.dynamics.kind = 'gd'), /dynamics 'gd' is not online SGD/],
      [(s) => (s.model.scaling = 'ntk'), /scaling 'ntk' is not mean-field/],
      [
        (s) => {
          s.model.scaling = 'alpha'
          s.model.alpha = 3
        },
        /not mean-field/
      ],
      [(s) => (s.model.linearised = true), /linearised/],
      [
        (s) => {
          s.model.bias = true
          s.model.train.b = true
        },
        /no bias/
      ],
      [
        (s) => {
          s.model.bias = true
          s.model.init.b = { kind: 'normal', mean: 0, std: 1, scaleByDim: false }
        },
        /no bias/
      ],
      [(s) => (s.model.init.w = { kind: 'sign', value: 1 }), /w must start centred normal/],
      [
        (s) => {
          if (s.task.kind === 'single-index') s.task.dim = 1
        },
        /d ≥ 2/
      ]
    ]
    for (const [edit, message] of cases) {
      const s = broken(spec, edit)
      expect(pdeOverlayMismatch(s)).toMatch(message)
      expect(createPdeOverlay(s)).toBeNull()
    }
    // α = 1 written as 'alpha' is the mean-field model
    expect(
      pdeOverlayMismatch(broken(spec, (s) => ((s.model.scaling = 'alpha'), (s.model.alpha = 1))))
    ).toBeNull()
    const teacher = experimentSpec.parse({ task: { kind: 'teacher' } })
    expect(pdeOverlayMismatch(teacher)).toMatch(/task 'teacher' has no PDE reduction/)
  })
})

interface PhysicsCase {
  name: string
  spec: ExperimentSpec
  make: (spec: ExperimentSpec) => ReducedPdeOverlay | null
  /** N, the overlay's particles. */
  particles: number
  /** Slack on the risk gap, × R(0): the O(s) bias of the finite step (and O(1/d) terms). */
  riskSlack: number
  /** Slack on the ‖w‖ quantiles: the O(s·d) broadening of SGD's radii and the grid. */
  normSlack: number
  /** Power: the PDE risk at the end is below this × R(0). */
  riskFallsTo: number
}

const CASES: PhysicsCase[] = [
  // s = 1e-4 to t = 1 as in science/pde/anisotropic-pde.test.ts: R falls from ≈ 1.95 to ≈ 0.1
  {
    name: 'anisotropic (r1, r2), d = 40, s0 = 10, M = 200, noiseless',
    spec: anisotropicSpec(),
    make: (s) => createAnisotropicPdeOverlay(s),
    particles: 1000,
    riskSlack: 0.01,
    normSlack: 0.03,
    riskFallsTo: 0.15
  },
  // β = 25: D = 2/β = 0.08 per unit t against coordinates of variance κ²/d = 0.016, and the
  // Itô drift D(d − s0 − 1)/r2 ≈ 3 per unit t on r2 ≈ 0.7: the noise convention shows. To
  // t = 0.5 only: the js backend's M·d normals per step make noisy runs ~10× slower
  {
    name: 'anisotropic (r1, r2), d = 40, s0 = 10, M = 200, β = 25, λ = 0.05',
    spec: anisotropicSpec({ beta: 25, lambda: 0.05, steps: 5000, every: 1250 }),
    make: (s) => createAnisotropicPdeOverlay(s),
    particles: 1000,
    riskSlack: 0.01,
    normSlack: 0.03,
    riskFallsTo: 0.35
  },
  // s = 0.005 to t = 20 as in science/pde/single-index-pde.test.ts; label noise 0.1 adds 0.01
  {
    name: 'single index (a, s, r), ReLU, d = 30, M = 200, noiseless',
    spec: singleIndexSpec(),
    make: (s) => createSingleIndexPdeOverlay(s),
    particles: 500,
    riskSlack: 0.02,
    normSlack: 0.1,
    riskFallsTo: 0.4
  },
  // β = 100: D = 0.02, so r² = ‖P⊥w‖² grows by ≈ 2D(d − 1)t ≈ 23 over t = 20 (from ≈ 29);
  // λ = 0.002 pulls it back by ≈ 4λt·r² ≈ 5
  {
    name: 'single index (a, s, r), ReLU, d = 30, M = 200, β = 100, λ = 0.002',
    spec: singleIndexSpec({ beta: 100, lambda: 0.002 }),
    make: (s) => createSingleIndexPdeOverlay(s),
    particles: 500,
    riskSlack: 0.02,
    normSlack: 0.1,
    riskFallsTo: 0.6
  }
]

for (const c of CASES) {
  describe(`SGD vs the ${c.name}`, () => {
    const spec = c.spec
    const M = spec.model.width
    let run: Point[]
    let overlay: ReducedPdeOverlay
    beforeAll(async () => {
      run = await runEngine(spec)
      // one overlay for both checks: its reads do not depend on earlier reads (tested below)
      overlay = c.make(spec)!
    })

    it('the risk at t = 0 is the SGD population risk at init, and the risk curve tracks SGD', () => {
      const r0 = run[0].record.risk
      for (const pt of run) {
        const noise = riskNoise(spec, pt.particles)
        // the recorded risk is the float64 MSE on the driver's test set (up to float32 storage)
        expect(Math.abs(noise.mse - pt.record.risk)).toBeLessThan(1e-3 * r0)
        // PDE particles: the same sampling sd at N instead of M
        const sd = Math.hypot(noise.se, noise.sdM, noise.sdG / Math.sqrt(c.particles))
        const pde = overlay.riskAt(pt.time)
        // the driver's record carries the very same overlay value
        expect(pt.record.pdeRisk).toBe(pde)
        const gap = pt.record.risk - pde
        console.info(
          `${c.name} t=${pt.time.toFixed(3)}: SGD ${pt.record.risk.toFixed(4)} PDE ${pde.toFixed(4)} ` +
            `gap ${gap.toFixed(4)} (1/M self ${noise.self.toFixed(4)}, sd ${sd.toFixed(4)})`
        )
        expect(gap).toBeGreaterThan(-4 * sd - c.riskSlack * r0)
        expect(gap).toBeLessThan(noise.self + 4 * sd + c.riskSlack * r0)
      }
      // at t = 0 no step bias and no dynamics: within the Monte-Carlo error alone (+ 1/M term)
      const n0 = riskNoise(spec, run[0].particles)
      const sd0 = Math.hypot(n0.se, n0.sdM, n0.sdG / Math.sqrt(c.particles))
      expect(Math.abs(run[0].record.risk - overlay.riskAt(0))).toBeLessThan(n0.self + 4 * sd0)
      // power: the risk moves by far more than the bands
      expect(overlay.riskAt(run.at(-1)!.time)).toBeLessThan(c.riskFallsTo * overlay.riskAt(0))
    })

    it('‖w‖ quantiles of the overlay match the SGD neurons; the histogram carries its counts', () => {
      const N = c.particles
      let lastBand = 0
      for (const pt of run) {
        const w = norms(pt.particles)
        const top = 1.5 * Math.max(...w)
        const fine = Array.from({ length: 1201 }, (_, b) => (top * b) / 1200)
        const pde = overlayQuantiles(overlay.countsAt(pt.time, fine, M), fine, PS)
        const sgd = quantiles(w, PS)
        PS.forEach((p, j) => {
          // sd of the difference of two sample p-quantiles (M neurons, N particles):
          // √(p(1−p)(1/M + 1/N))/ρ(q_p), + the case's slack
          const band = (4 * Math.sqrt(p * (1 - p) * (1 / M + 1 / N))) / pde[j].density + c.normSlack
          expect(Math.abs(sgd[j] - pde[j].q)).toBeLessThan(band)
          if (p === 0.5) lastBand = band
        })
        console.info(
          `${c.name} t=${pt.time.toFixed(3)} ‖w‖ q10/50/90 SGD ${sgd.map((x) => x.toFixed(3)).join('/')}` +
            ` PDE ${pde.map((x) => x.q.toFixed(3)).join('/')}`
        )
        // the driver's histogram: PDE counts on the SGD bins, the same numbers as countsAt
        const h = pt.histogram
        expect(h.pdeCounts).toEqual(overlay.countsAt(pt.time, h.edges, M))
        const total = h.pdeCounts!.reduce((s, v) => s + v, 0)
        expect(total).toBeGreaterThan(0.9 * M)
        expect(total).toBeLessThanOrEqual(M + 1e-9)
      }
      // power: the median moved by more than the band (the law is not the initial one), and with
      // noise the law differs from the noiseless PDE's by more than the band
      const t = run.at(-1)!.time
      const median = (o: ReducedPdeOverlay) => {
        const fine = Array.from({ length: 1201 }, (_, b) => (20 * b) / 1200)
        return overlayQuantiles(o.countsAt(t, fine, M), fine, [0.5])[0].q
      }
      const moved = Math.abs(median(overlay) - quantiles(norms(run[0].particles), [0.5])[0])
      console.info(`${c.name}: median moved ${moved.toFixed(3)}, band ${lastBand.toFixed(3)}`)
      // (the single-index ‖w‖ ≈ √d·std barely moves without noise: the risk carries the power)
      if (spec.task.kind !== 'single-index') expect(moved).toBeGreaterThan(3 * lastBand)
      if (spec.dynamics.beta === null) return
      const noiseless = c.make({ ...spec, dynamics: { ...spec.dynamics, beta: null, lambda: 0 } })!
      const noiseEffect = Math.abs(median(overlay) - median(noiseless))
      console.info(`${c.name}: noise moves the PDE median by ${noiseEffect.toFixed(3)}`)
      expect(noiseEffect).toBeGreaterThan(lastBand)
    })
  })
}

describe('the reduced overlays advance incrementally', () => {
  // time units: the single-index flow is ~20× slower (its grid step is up to 1); the noisy
  // anisotropic one steps at dt = 0.005
  for (const [name, make, spec, unit] of [
    ['anisotropic', createAnisotropicPdeOverlay, anisotropicSpec({ steps: 1e9 }), 1],
    ['single-index', createSingleIndexPdeOverlay, singleIndexSpec({ steps: 1e9 }), 20],
    ['noisy anisotropic', createAnisotropicPdeOverlay, anisotropicSpec({ beta: 50 }), 0.25],
    ['noisy single-index', createSingleIndexPdeOverlay, singleIndexSpec({ beta: 100 }), 20]
  ] as const) {
    it(`${name}: reads in time order cost one solve to the last time and equal a fresh solve`, () => {
      // irregular times, as a run's clock Σ s_k gives them
      const times = [0, 0.0137, 0.25, 0.2501, 0.61, 0.9999, 1.3].map((t) => t * unit)
      const edges = Array.from({ length: 41 }, (_, b) => b * 0.25)
      const live = make(spec, 200)!
      const seen = times.map((t) => [live.riskAt(t), ...live.countsAt(t, edges, 100)])
      const fresh = make(spec, 200)!
      const last = times.at(-1)!
      expect([fresh.riskAt(last), ...fresh.countsAt(last, edges, 100)]).toEqual(seen.at(-1))
      // one grid step per dt up to the last time (nearest grid point when noisy), none spent on
      // the reads in between
      const grid =
        spec.dynamics.beta === null ? Math.floor(last / live.dt) : Math.round(last / live.dt)
      expect(grid).toBeGreaterThan(5)
      expect(fresh.steps).toBe(grid)
      expect(live.steps).toBe(grid)
      // an earlier time after a later one integrates again from 0, to the same numbers
      const mid = make(spec, 200)!
      expect(mid.riskAt(times[4])).toBe(seen[4][0])
      expect(live.riskAt(times[4])).toBe(seen[4][0])
      expect(live.steps).toBe(grid + mid.steps)
      // and the risk moved over the interval (the reads are not all of one state)
      expect(seen[0][0]).not.toBe(seen.at(-1)![0])
    })
  }

  it('a run of 10⁹ steps records its first chunks at once (the overlay solves only as far as the run)', async () => {
    for (const spec of [
      anisotropicSpec({ steps: 1e9, every: 500 }),
      singleIndexSpec({ steps: 1e9, every: 500 })
    ]) {
      const sim = await createSimulation(spec, { backend: 'js' })
      const started = performance.now()
      const recs = await sim.advance(1000)
      sim.dispose()
      expect(recs.map((r) => r.step)).toEqual([0, 500, 1000])
      for (const r of recs) expect(Number.isFinite(r.pdeRisk)).toBe(true)
      expect(performance.now() - started).toBeLessThan(20_000)
    }
  })
})

describe('the reduced overlays at the edges of their settings', () => {
  it('give finite risks and M counts at s0 = 1, s0 = d − 1, d = 2, and with a or w fixed', () => {
    const aniso = (s0: number, beta: number | null) =>
      broken(anisotropicSpec(), (s) => {
        if (s.task.kind === 'two-gaussians-anisotropic') s.task.subspaceDim = s0
        s.dynamics.beta = beta
      })
    const single = (edit: (s: ExperimentSpec) => void) => broken(singleIndexSpec(), edit)
    const specs = [
      aniso(1, null),
      aniso(1, 50),
      aniso(39, null),
      aniso(39, 50),
      single((s) => {
        if (s.task.kind === 'single-index') s.task.dim = 2
        s.dynamics.beta = 100
      }),
      single((s) => (s.model.train.w = false)),
      single((s) => (s.model.train.a = false)),
      single((s) => {
        s.model.activation = MMN_TRUNCATED_RELU
        if (s.task.kind === 'single-index') s.task.inputs = 'sphere'
      })
    ]
    const edges = Array.from({ length: 401 }, (_, b) => b * 0.05)
    for (const spec of specs) {
      const overlay = createPdeOverlay(spec, 100)!
      expect(overlay).not.toBeNull()
      for (const t of [0, 0.3, 1.7]) {
        expect(Number.isFinite(overlay.riskAt(t))).toBe(true)
        const counts = overlay.countsAt(t, edges, 50)
        expect(counts.reduce((a, b) => a + b, 0)).toBeCloseTo(50, 9)
      }
    }
    // with w fixed the ‖w‖ law does not move; with a fixed and w trained it does
    const fixedW = createPdeOverlay(specs[5], 100)!
    expect(fixedW.countsAt(10, edges, 50)).toEqual(fixedW.countsAt(0, edges, 50))
    const fixedA = createSingleIndexPdeOverlay(specs[6], 100)!
    expect(fixedA.riskAt(10)).toBeLessThan(fixedA.riskAt(0))
  })
})

import { describe, expect, it } from 'vitest'
import { experimentSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { estimateRun, formatBytes, formatSeconds } from '@shared/spec/run-estimate'

function spec(patch: (s: ExperimentSpec) => void = () => undefined): ExperimentSpec {
  const s = experimentSpec.parse({})
  patch(s)
  return s
}

describe('run estimator', () => {
  it('particle memory is linear in the width', () => {
    const a = estimateRun(
      spec((s) => (s.model.width = 1000)),
      'webasm'
    )
    const b = estimateRun(
      spec((s) => (s.model.width = 2000)),
      'webasm'
    )
    expect(b.breakdown.particles).toBe(2 * a.breakdown.particles)
    expect(a.breakdown.particles).toBe(1000 * (40 + 2) * 20)
  })

  it('time is linear in the number of steps', () => {
    const a = estimateRun(
      spec((s) => (s.dynamics.steps = 10_000)),
      'cpu'
    )
    const b = estimateRun(
      spec((s) => (s.dynamics.steps = 20_000)),
      'cpu'
    )
    expect(b.seconds / a.seconds).toBeCloseTo(2, 6)
    expect(a.stepsPerSecond).toBeCloseTo(b.stepsPerSecond, 6)
  })

  it('full-batch GD costs more per step than one-pass SGD with B = 1', () => {
    const gd = estimateRun(
      spec((s) => (s.dynamics.kind = 'gd')),
      'webasm'
    )
    const sgd = estimateRun(spec(), 'webasm')
    expect(gd.seconds).toBeGreaterThan(100 * sgd.seconds)
  })

  it('a GPU is estimated faster than the CPU on a big model', () => {
    const big = spec((s) => {
      s.model.width = 100_000
      s.dynamics.kind = 'gd'
    })
    expect(estimateRun(big, 'webgpu').seconds).toBeLessThan(estimateRun(big, 'cpu').seconds / 10)
  })

  it('refuses what will not fit, with a reason, and accepts the defaults', () => {
    expect(estimateRun(spec()).fits).toBe(true)
    const huge = estimateRun(
      spec((s) => {
        s.model.width = 1_000_000
        s.task.dim = 4096
      }),
      'webasm'
    )
    expect(huge.fits).toBe(false)
    expect(huge.reason).toMatch(/GiB/)
  })

  it("'auto' is estimated as js, what the engine picks on a CPU", () => {
    expect(estimateRun(spec()).backend).toBe('js')
    expect(estimateRun(spec((s) => (s.compute.backend = 'webgpu'))).backend).toBe('webgpu')
  })

  it('formats sizes and durations', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB')
    expect(formatSeconds(42)).toBe('42 s')
    expect(formatSeconds(600)).toBe('10 min')
    expect(formatSeconds(Infinity)).toBe('∞')
  })
})

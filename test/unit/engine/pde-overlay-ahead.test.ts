import { afterEach, describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import {
  integrateRecordTimes,
  setPdeThreadHost,
  type PdePoint
} from '@shared/engine/pde-overlay-ahead'
import { recordTimes } from '@shared/engine/pde-record-times'
import type { MetricRecord } from '@shared/engine/simulation-types'
import { presetSpec } from '@shared/spec/presets'
import { assertSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'

/**
 * A PDE "thread" in this thread: the worker's loop, its points (risk + `shift`) delivered at once
 * (a thread booted long before, far ahead) or held until `release()` (a thread still booting).
 */
function inProcessHost(log: { started: number }, shift = 0, held = false) {
  let release = () => {}
  const host = {
    start(
      spec: ExperimentSpec,
      from: { step: number; time: number },
      onPoint: (p: PdePoint | null) => void
    ) {
      log.started++
      const points: PdePoint[] = []
      integrateRecordTimes(spec, from, (p) => points.push({ ...p, risk: p.risk + shift }))
      release = () => points.forEach((p) => onPoint(p))
      if (!held) release()
      return { consumed() {}, stop() {} }
    }
  }
  return { host, release: () => release() }
}

/** The ci-size MMN run with a decaying step size (so the clock is not k·s). */
function spec(): ExperimentSpec {
  const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
  return assertSpec({
    ...base,
    dynamics: {
      ...base.dynamics,
      steps: 3000,
      schedule: { kind: 'power', t0: 0.05, power: 0.5 }
    },
    observe: { ...base.observe, every: 500 }
  })
}

/** Records, PDE histograms every 1000 steps, then a stop at a step that is not a record step. */
async function run(s: ExperimentSpec) {
  const sim = await createSimulation(s, { backend: 'js' })
  const records: MetricRecord[] = []
  const counts: number[][] = []
  for (let k = 0; k < 2; k++) {
    records.push(...(await sim.advance(1000)))
    counts.push((await sim.histogram()).pdeCounts!)
  }
  records.push(...(await sim.advance(250)))
  records.push(await sim.measure())
  counts.push((await sim.histogram()).pdeCounts!)
  sim.dispose()
  return { records, counts }
}

afterEach(() => setPdeThreadHost(null))

describe('the PDE overlay on its own thread', () => {
  it('the record times are the driver’s clock at its record steps, bit for bit', async () => {
    const s = spec()
    const sim = await createSimulation(s, { backend: 'js' })
    const recs = await sim.advance(3000)
    sim.dispose()
    const times = [...recordTimes(s, { step: 0, time: 0 })]
    expect(times.map((p) => p.step)).toEqual(recs.map((r) => r.step))
    expect(times.map((p) => p.time)).toEqual(recs.map((r) => r.time))
  })

  it('gives the in-thread overlay’s pdeRisk and PDE counts exactly, a stopped run’s last too', async () => {
    const s = spec()
    const inThread = await run(s)
    const log = { started: 0 }
    setPdeThreadHost(inProcessHost(log).host)
    const ahead = await run(s)
    expect(log.started).toBe(1)
    expect(ahead.records.length).toBe(inThread.records.length)
    expect(ahead.records.at(-1)!.step).toBe(2250)
    expect(ahead.records.map((r) => r.pdeRisk)).toEqual(inThread.records.map((r) => r.pdeRisk))
    expect(ahead.counts).toEqual(inThread.counts)
    expect(ahead.records.every((r) => Number.isFinite(r.pdeRisk))).toBe(true)
    // the thread's numbers are the ones recorded: shifted points shift every record but the
    // stopped run's last, which this thread integrates itself
    setPdeThreadHost(inProcessHost(log, 1).host)
    const shifted = await run(s)
    const diff = shifted.records.map((r, k) => r.pdeRisk - inThread.records[k].pdeRisk)
    expect(diff.slice(0, -1).every((v) => Math.abs(v - 1) < 1e-12)).toBe(true)
    expect(diff.at(-1)).toBe(0)
  })

  it('a thread still booting does not hold the run up: this thread answers until it catches up', async () => {
    const s = spec()
    /** 1000 steps, a histogram, 2000 steps: records, counts. */
    const steps = async () => {
      const sim = await createSimulation(s, { backend: 'js' })
      const early = await sim.advance(1000)
      const h = await sim.histogram()
      return { sim, early, h }
    }
    const ref = await steps()
    const inThread = {
      records: [...ref.early, ...(await ref.sim.advance(2000))],
      counts: [ref.h.pdeCounts]
    }
    ref.sim.dispose()
    expect(inThread.records.length).toBe(7)
    // held points: the first 1000 steps, their records and histogram complete without the thread
    const slow = inProcessHost({ started: 0 }, 1, true)
    setPdeThreadHost(slow.host)
    const { sim, early, h } = await steps()
    expect(early.map((r) => r.pdeRisk)).toEqual(inThread.records.slice(0, 3).map((r) => r.pdeRisk))
    expect(h.pdeCounts).toEqual(inThread.counts[0])
    // once its points arrive (they are past this thread's), the thread's numbers are recorded
    slow.release()
    const later = await sim.advance(2000)
    sim.dispose()
    expect(later.length).toBe(4)
    for (const [k, r] of later.entries())
      expect(Math.abs(r.pdeRisk! - inThread.records[3 + k].pdeRisk! - 1)).toBeLessThan(1e-12)
  })
})

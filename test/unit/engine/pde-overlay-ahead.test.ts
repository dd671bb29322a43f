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

/** A PDE "thread" in this thread: the worker's loop, its points delivered a macrotask later. */
function inProcessHost(log: { started: number }, shift = 0) {
  return {
    start(
      spec: ExperimentSpec,
      from: { step: number; time: number },
      onPoint: (p: PdePoint | null) => void
    ) {
      log.started++
      const points: PdePoint[] = []
      integrateRecordTimes(spec, from, (p) => points.push({ ...p, risk: p.risk + shift }))
      for (const p of points) setTimeout(() => onPoint(p), 0)
      return { consumed() {}, stop() {} }
    }
  }
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
    setPdeThreadHost(inProcessHost(log))
    const ahead = await run(s)
    expect(log.started).toBe(1)
    expect(ahead.records.length).toBe(inThread.records.length)
    expect(ahead.records.at(-1)!.step).toBe(2250)
    expect(ahead.records.map((r) => r.pdeRisk)).toEqual(inThread.records.map((r) => r.pdeRisk))
    expect(ahead.counts).toEqual(inThread.counts)
    expect(ahead.records.every((r) => Number.isFinite(r.pdeRisk))).toBe(true)
    // the thread's numbers are the ones recorded: shifted points shift every record but the
    // stopped run's last, which this thread integrates itself
    setPdeThreadHost(inProcessHost(log, 1))
    const shifted = await run(s)
    const diff = shifted.records.map((r, k) => r.pdeRisk - inThread.records[k].pdeRisk)
    expect(diff.slice(0, -1).every((v) => Math.abs(v - 1) < 1e-12)).toBe(true)
    expect(diff.at(-1)).toBe(0)
  })
})

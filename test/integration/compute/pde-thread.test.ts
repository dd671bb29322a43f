import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSimulation } from '@shared/engine/create-simulation'
import { setPdeThreadHost } from '@shared/engine/pde-overlay-ahead'
import { presetSpec } from '@shared/spec/presets'
import { assertSpec, type ExperimentSpec } from '@shared/spec/experiment-spec'
import { installPdeThread } from '../../../src-main/compute/pde-thread-host'
import { buildCli, ROOT } from '../cli/run-cli'

beforeAll(buildCli)
afterEach(() => setPdeThreadHost(null))

/** The ci-size MMN run recorded every 100 steps: 60 points, far more than the thread runs ahead. */
function spec(): ExperimentSpec {
  const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
  return assertSpec({
    ...base,
    dynamics: { ...base.dynamics, steps: 6000 },
    observe: { ...base.observe, every: 100 }
  })
}

async function pdeRisks(s: ExperimentSpec, pauseMs: number): Promise<number[]> {
  const sim = await createSimulation(s, { backend: 'js' })
  // let the thread boot and run ahead first: from then on every point comes from it, and a lost
  // wake-up holds the run (this thread answers itself only before the thread's first point)
  await new Promise((resolve) => setTimeout(resolve, 10 * pauseMs))
  const risks: number[] = []
  for (let k = 0; k < 60; k++) {
    for (const r of await sim.advance(100)) risks.push(r.pdeRisk!)
    // now and then give the thread time to run ahead: it waits in 2 ms slices for 200 ms, then
    // sleeps until woken (the 300 ms pauses), so both ways of going on are taken
    if (k % 10 === 0)
      await new Promise((resolve) => setTimeout(resolve, k % 20 ? pauseMs : 10 * pauseMs))
  }
  sim.dispose()
  return risks
}

describe('the PDE thread as bundled (out/cli/pde-thread.cjs)', () => {
  it('waits while far ahead, goes on as the run consumes its points, and gives the in-thread numbers', async () => {
    const s = spec()
    const inThread = await pdeRisks(s, 0)
    installPdeThread(join(ROOT, 'out/cli'))
    const t = performance.now()
    const threaded = await pdeRisks(s, 30)
    expect(threaded.length).toBe(61)
    expect(threaded).toEqual(inThread)
    // a lost wake-up would hold the run until the test times out; it takes seconds at most
    expect(performance.now() - t).toBeLessThan(20_000)
  }, 60_000)
})

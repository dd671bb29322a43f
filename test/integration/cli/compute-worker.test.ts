import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ComputeClient } from '../../../src-main/compute/compute-client'
import type { ComputeEvent } from '../../../src-main/compute/compute-protocol'
import { presetSpec } from '@shared/spec/presets'
import { applyAssignments, parseAssignment } from '@shared/spec/set-path'
import { buildCli, ROOT } from './run-cli'

const WORKER = join(ROOT, 'out/cli/compute-worker.cjs')
beforeAll(buildCli)

const ciSpec = (...sets: string[]) =>
  applyAssignments(presetSpec('mmn-two-gaussians', { size: 'ci' }), sets.map(parseAssignment))

function collect(client: ComputeClient): ComputeEvent[] {
  const events: ComputeEvent[] = []
  client.on((e) => events.push(e))
  return events
}

const waitFor = async (cond: () => boolean, ms = 20_000) => {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('compute worker (built bundle) through ComputeClient', () => {
  it('runs to completion: backend first, records in order, snapshots, done with a checkpoint', async () => {
    const client = new ComputeClient({ workerPath: WORKER })
    const events = collect(client)
    client.start({
      spec: ciSpec('dynamics.steps=3000', 'observe.snapshotEvery=1000'),
      backend: 'js'
    })
    const end = await client.ended
    expect(end.type).toBe('done')
    if (end.type !== 'done') return
    expect(end).toMatchObject({ status: 'completed', step: 3000 })
    expect(end.checkpoint.particles.w).toBeInstanceOf(Float64Array)
    expect(events[0]).toMatchObject({ type: 'backend', backend: { actual: 'js' } })
    const steps = events.flatMap((e) => (e.type === 'metrics' ? e.records.map((r) => r.step) : []))
    expect(steps).toEqual([0, 1000, 2000, 3000])
    const snaps = events.flatMap((e) =>
      e.type === 'particles' && e.reason === 'snapshot' ? [e.step] : []
    )
    expect(snaps).toEqual([0, 1000, 2000, 3000])
    const p = events.find((e) => e.type === 'particles')
    expect(p && p.type === 'particles' && p.w.length).toBe(100 * 40)
  })

  it('pause, step, checkpoint and particle requests, resume, stop', async () => {
    const client = new ComputeClient({ workerPath: WORKER })
    const events = collect(client)
    client.start({ spec: ciSpec(), backend: 'js', paused: true })
    await waitFor(() => events.some((e) => e.type === 'status' && e.status === 'paused'))
    client.step(250)
    const cp = await client.requestCheckpoint()
    expect(cp.step).toBe(250)
    const parts = await client.requestParticles()
    expect(parts).toMatchObject({ reason: 'request', step: 250, m: 100, d: 40 })
    client.setSpeed(2000)
    client.resume()
    const t0 = performance.now()
    await waitFor(() => events.some((e) => e.type === 'metrics' && e.step >= 1000))
    // 750 steps at ≤ 2000 steps/s (plus a 0.1 s burst allowance) take at least 0.25 s.
    expect(performance.now() - t0).toBeGreaterThan(250)
    client.stop()
    const end = await client.ended
    expect(end).toMatchObject({ type: 'done', status: 'stopped' })
    if (end.type === 'done') expect(end.step).toBeLessThan(20000)
    await expect(client.requestCheckpoint()).rejects.toThrow(/ended/)
  })

  it('a checkpoint comes after every record up to its step, however long metrics wait', async () => {
    const client = new ComputeClient({ workerPath: WORKER })
    const events = collect(client)
    // Records every 100 steps, flushed at most once a minute: only the checkpoint flushes them.
    client.start({
      spec: ciSpec('dynamics.steps=200000', 'observe.every=100'),
      backend: 'js',
      metricsFlushMs: 60_000
    })
    await waitFor(() => events.some((e) => e.type === 'status' && e.status === 'running'))
    await new Promise((r) => setTimeout(r, 300))
    const cp = await client.requestCheckpoint()
    const recorded = events.flatMap((e) =>
      e.type === 'metrics' ? e.records.map((r) => r.step) : []
    )
    client.stop()
    await client.ended
    expect(cp.step).toBeGreaterThan(0)
    expect(recorded.at(-1)).toBe(Math.floor(cp.step / 100) * 100)
    expect(recorded).toEqual(Array.from({ length: recorded.length }, (_, i) => i * 100))
  })

  it('a divergence is an error event naming the cause', async () => {
    const client = new ComputeClient({ workerPath: WORKER })
    client.start({
      spec: applyAssignments(presetSpec('langevin-free-energy', { size: 'ci' }), [
        parseAssignment('dynamics.stepSize=200')
      ]),
      backend: 'js'
    })
    const end = await client.ended
    expect(end).toMatchObject({ type: 'error', name: 'DivergenceError' })
    if (end.type === 'error') expect(end.message).toMatch(/NaN\/Inf .* step size 200/)
  })

  it('a crashing worker is reported as an error event, not a crash of this process', async () => {
    const crash = join(ROOT, 'test/fixtures/compute/crashing-worker.cjs')
    for (const [title, message] of [
      ['throw', /compute worker crashed: boom in the worker/],
      ['exit', /compute worker exited unexpectedly \(code 3\)/]
    ] as const) {
      const client = new ComputeClient({ workerPath: crash })
      client.start({ spec: { ...ciSpec(), title } })
      const end = await client.ended
      expect(end).toMatchObject({ type: 'error', name: 'WorkerCrash' })
      if (end.type === 'error') expect(end.message).toMatch(message)
    }
  })
})

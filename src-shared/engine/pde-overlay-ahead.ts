import type { ExperimentSpec } from '../spec/experiment-spec'
import { createRadialPdeStepper } from '../science/pde/radial-pde'
import {
  createRadialPdeOverlay,
  radialCounts,
  radialPdeOptions,
  type PdeOverlay
} from './pde-overlay'
import { recordTimes } from './pde-record-times'

/** The PDE at one record time, as the PDE thread sends it. */
export interface PdePoint {
  time: number
  risk: number
  /** The scheme's radii at `time` (for the histogram's PDE counts). */
  radii: Float64Array
}

/**
 * A host that runs the radial PDE of a run on its own thread (src-shared starts no threads:
 * src-main/compute/pde-thread-host.ts registers one). The thread integrates to each of the run's
 * record times (pde-record-times.ts) in order and sends a {@link PdePoint} for each (null: the
 * thread failed), staying at most a few points ahead of `consumed`.
 */
export interface PdeThreadHost {
  start(
    spec: ExperimentSpec,
    from: { step: number; time: number },
    onPoint: (p: PdePoint | null) => void
  ): { consumed(points: number): void; stop(): void }
}

let host: PdeThreadHost | null = null

/** Registers the host for simulations started from now on (null: the PDE runs in the caller's thread). */
export function setPdeThreadHost(h: PdeThreadHost | null): void {
  host = h
}

/** A PDE overlay whose answers come from the PDE thread: await ready(t) before asking at t. */
export interface PdeOverlayAhead extends PdeOverlay {
  /** Resolves once the PDE thread has sent time `time` (at once for a time it will not send). */
  ready(time: number): Promise<void>
  dispose(): void
}

/**
 * The radial PDE overlay of a run on the PDE thread (null without a host or for other overlays):
 * the same integration as createRadialPdeOverlay driven by the same times in the same order, so
 * the same numbers, computed while the run steps instead of between its steps. A time the thread
 * does not send (a stopped run's last step) is answered in this thread by replaying the record
 * times before it, as the in-thread overlay would have integrated; so are the times asked before
 * the thread's first point, and after it until the thread has caught up with this thread.
 */
export function createPdeOverlayAhead(
  spec: ExperimentSpec,
  from: { step: number; time: number }
): PdeOverlayAhead | null {
  if (!host || !radialPdeOptions(spec)) return null
  const expected: number[] = []
  for (const p of recordTimes(spec, from)) expected.push(p.time)
  const wanted = new Set(expected)
  const points = new Map<number, PdePoint>()
  let received = 0
  /** The latest time the thread has sent (−∞ before its first point). */
  let latest = -Infinity
  let failed = false
  let waiter: { time: number; resolve: () => void } | null = null
  const thread = host.start(spec, from, (p) => {
    if (p === null) failed = true
    else {
      points.set(p.time, p)
      received++
      latest = Math.max(latest, p.time)
    }
    if (waiter && (failed || points.has(waiter.time))) {
      waiter.resolve()
      waiter = null
    }
  })
  let local: PdeOverlay | null = null
  let replayed = 0
  /** The in-thread overlay, advanced through the record times before `time` first. */
  const fallback = (time: number) => {
    local ??= createRadialPdeOverlay(spec)!
    for (; replayed < expected.length && expected[replayed] < time; replayed++)
      local.riskAt(expected[replayed])
    return local
  }
  /** Drops the points before `time` (the driver asks in time order) and tells the thread. */
  const dropBefore = (time: number) => {
    let dropped = 0
    for (const t of points.keys())
      if (t < time) {
        points.delete(t)
        dropped++
      }
    if (dropped > 0) thread.consumed(received - points.size)
  }
  const point = (time: number): PdePoint | undefined => {
    const p = points.get(time)
    if (p) dropBefore(time)
    return p
  }
  return {
    ready(time) {
      dropBefore(time)
      if (failed || points.has(time) || !wanted.has(time)) return Promise.resolve()
      // while the thread boots (a worker, its code and a cold first point: ~0.08 s on this
      // project's 2-core machine when idle, more under load), and until it has caught up with the
      // times integrated here meanwhile, this thread answers itself (the same numbers) instead of
      // holding the run up
      if (received === 0 || (local !== null && latest < time)) return Promise.resolve()
      return new Promise<void>((resolve) => {
        waiter = { time, resolve }
      })
    },
    riskAt(time) {
      return point(time)?.risk ?? fallback(time).riskAt(time)
    },
    countsAt(time, edges, m) {
      const p = point(time)
      return p ? radialCounts(p.radii, edges, m) : fallback(time).countsAt(time, edges, m)
    },
    dispose() {
      thread.stop()
      points.clear()
    }
  }
}

/**
 * The PDE thread's work (src-main/compute/pde-thread.ts runs it in a worker): integrates the run's
 * radial PDE to each record time in order and posts each point; before each, `wait(sent)` may
 * block until the simulation has consumed enough of the points already sent.
 */
export function integrateRecordTimes(
  spec: ExperimentSpec,
  from: { step: number; time: number },
  post: (p: PdePoint) => void,
  wait: (sent: number) => void = () => {}
): void {
  const options = radialPdeOptions(spec)
  if (!options) throw new Error('PDE thread: the run has no radial PDE')
  const stepper = createRadialPdeStepper(options)
  let sent = 0
  for (const p of recordTimes(spec, from)) {
    wait(sent)
    stepper.advanceTo(p.time)
    post({ time: p.time, risk: stepper.risk(), radii: Float64Array.from(stepper.radii()) })
    sent++
  }
}

import { parentPort, workerData } from 'node:worker_threads'
import { integrateRecordTimes } from '@shared/engine/pde-overlay-ahead'
import type { ExperimentSpec } from '@shared/spec/experiment-spec'

/**
 * The PDE thread (bundled to out/cli/pde-thread.cjs, started by pde-thread-host.ts): the run's
 * radial PDE at each record time, posted in order, at most AHEAD points beyond what the
 * simulation has consumed (a shared counter), so a long run's points do not pile up.
 * Its run comes in workerData, or, for a thread started ahead of its run (booted while the
 * simulation is built), in its first message.
 */
const AHEAD = 32

interface PdeThreadJob {
  spec: ExperimentSpec
  from: { step: number; time: number }
  ctrl: SharedArrayBuffer
}

const port = parentPort
if (!port) throw new Error('pde-thread must run in a worker_threads Worker')

function integrate({ spec, from, ctrl }: PdeThreadJob): void {
  // [consumed, wake-at]: wake-at is the count this thread sleeps for (NO_WAKE while it runs)
  const words = new Int32Array(ctrl)
  Atomics.store(words, 1, NO_WAKE)
  integrateRecordTimes(
    spec,
    from,
    (p) => port!.postMessage(p),
    (sent) => waitForRoom(words, sent)
  )
}

/**
 * Blocks while `sent` points are AHEAD or more beyond what the simulation has consumed. It sleeps
 * until half of them are consumed, so the stepping thread wakes it once per AHEAD/2 points (a
 * wake-up is a system call, and a costly one in a VM), not after every point.
 */
function waitForRoom(words: Int32Array, sent: number): void {
  if (sent - Atomics.load(words, 0) < AHEAD) return
  const want = sent - AHEAD / 2
  Atomics.store(words, 1, want)
  for (let c = Atomics.load(words, 0); c < want; c = Atomics.load(words, 0))
    Atomics.wait(words, 0, c)
  Atomics.store(words, 1, NO_WAKE)
}

const NO_WAKE = 2 ** 31 - 1

if (workerData) integrate(workerData as PdeThreadJob)
else port.once('message', (job: PdeThreadJob) => integrate(job))

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
 * Blocks while `sent` points are AHEAD or more beyond what the simulation has consumed. It looks
 * again every POLL_MS for up to POLL_FOR_MS, and goes on as soon as one point is consumed, so a
 * running simulation never wakes it: a wake-up cost the stepping thread about 0.5 ms on this
 * project's 2-core VM (the woken thread takes the waker's core first), and points computed one
 * per record instead of in bursts leave the second core to the risk's helper thread. Past
 * POLL_FOR_MS (a paused run) it sleeps until half of the points are consumed and the simulation
 * wakes it (wake-at in words[1]).
 */
function waitForRoom(words: Int32Array, sent: number): void {
  if (sent - Atomics.load(words, 0) < AHEAD) return
  for (let waited = 0; waited < POLL_FOR_MS; waited += POLL_MS) {
    const c = Atomics.load(words, 0)
    if (sent - c < AHEAD) return
    Atomics.wait(words, 0, c, POLL_MS)
  }
  const want = sent - AHEAD / 2
  Atomics.store(words, 1, want)
  for (let c = Atomics.load(words, 0); c < want; c = Atomics.load(words, 0))
    Atomics.wait(words, 0, c)
  Atomics.store(words, 1, NO_WAKE)
}

const POLL_MS = 2
const POLL_FOR_MS = 200

const NO_WAKE = 2 ** 31 - 1

if (workerData) integrate(workerData as PdeThreadJob)
else port.once('message', (job: PdeThreadJob) => integrate(job))

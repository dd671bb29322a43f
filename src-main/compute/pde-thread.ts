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
const AHEAD = 8

interface PdeThreadJob {
  spec: ExperimentSpec
  from: { step: number; time: number }
  ctrl: SharedArrayBuffer
}

const port = parentPort
if (!port) throw new Error('pde-thread must run in a worker_threads Worker')

function integrate({ spec, from, ctrl }: PdeThreadJob): void {
  const consumed = new Int32Array(ctrl)
  integrateRecordTimes(
    spec,
    from,
    (p) => port!.postMessage(p),
    (sent) => {
      for (let c = Atomics.load(consumed, 0); sent - c >= AHEAD; c = Atomics.load(consumed, 0))
        Atomics.wait(consumed, 0, c)
    }
  )
}

if (workerData) integrate(workerData as PdeThreadJob)
else port.once('message', (job: PdeThreadJob) => integrate(job))

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { setPdeThreadHost, type PdePoint } from '@shared/engine/pde-overlay-ahead'

/**
 * Runs the PDE overlay of a run on its own worker thread (pde-thread.ts, bundled beside this
 * code as pde-thread.cjs or .js), so a watched run integrates the PDE on the second core while it steps.
 * Without the bundle (tests run the sources) nothing is registered and the PDE stays in-thread;
 * MFLAB_PDE_THREAD=0 keeps it in-thread too (to compare).
 */
export function installPdeThread(dir = __dirname): void {
  // the CLI bundle (out/cli) has pde-thread.cjs, the app's (out/main) pde-thread.js
  const file = ['pde-thread.cjs', 'pde-thread.js'].map((f) => join(dir, f)).find(existsSync)
  if (process.env.MFLAB_PDE_THREAD === '0' || !file) return
  setPdeThreadHost({
    start(spec, from, onPoint) {
      const ctrl = new SharedArrayBuffer(4)
      const consumed = new Int32Array(ctrl)
      const worker = new Worker(file, { workerData: { spec, from, ctrl } })
      let done = false
      worker.on('message', (p: PdePoint) => onPoint(p))
      worker.on('error', () => {
        done = true
        onPoint(null)
      })
      worker.on('exit', () => {
        if (!done) onPoint(null)
        done = true
      })
      return {
        consumed(points) {
          Atomics.store(consumed, 0, points)
          Atomics.notify(consumed, 0)
        },
        stop() {
          done = true
          void worker.terminate()
        }
      }
    }
  })
}

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
  spareFile = file
  setPdeThreadHost({
    start(spec, from, onPoint) {
      // [points consumed, the count the PDE thread sleeps for] (pde-thread.ts sets the second)
      const ctrl = new SharedArrayBuffer(8)
      const words = new Int32Array(ctrl)
      // a thread booted ahead (while the simulation was built) takes its run as its first message
      const warm = takeSpare(file)
      const worker = warm ?? new Worker(file, { workerData: { spec, from, ctrl } })
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
      if (warm) {
        warm.ref()
        warm.postMessage({ spec, from, ctrl })
      }
      return {
        consumed(points) {
          Atomics.store(words, 0, points)
          // wake the thread only once it has room for half its points again (it says when)
          if (points >= Atomics.load(words, 1)) Atomics.notify(words, 0)
        },
        stop() {
          done = true
          void worker.terminate()
        }
      }
    }
  })
}

let spareFile: string | null = null
let spare: { worker: Worker; alive: boolean; file: string } | null = null

/**
 * Boots a PDE thread ahead of the next run (after installPdeThread; no-op if one waits already),
 * so its start (a worker, the bundle's code) overlaps building the simulation instead of holding up
 * the run's first records. It does not keep the process alive while it waits.
 */
export function prewarmPdeThread(): void {
  if (!spareFile || spare?.alive) return
  const worker = new Worker(spareFile)
  worker.unref()
  const s = { worker, alive: true, file: spareFile }
  // a spare that fails before its run is dropped; the run then starts a thread of its own
  worker.once('error', () => (s.alive = false))
  worker.once('exit', () => (s.alive = false))
  spare = s
}

function takeSpare(file: string): Worker | null {
  const s = spare
  spare = null
  if (!s?.alive || s.file !== file) {
    if (s) void s.worker.terminate()
    return null
  }
  s.worker.removeAllListeners()
  return s.worker
}

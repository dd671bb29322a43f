import { Worker } from 'node:worker_threads'
import { cpus } from 'node:os'
import {
  gemmThreadsOf,
  type GemmThreads,
  type ThreadHost
} from '@shared/engine/backends/gemm-threads'

/**
 * The worker_threads {@link ThreadHost} of the full-batch GD kernels: each helper is an `eval`
 * worker running the protocol source from src-shared over the shared wasm memory. Helpers are
 * unref'd so they never keep the process alive; a backend's dispose() terminates them.
 */
export const workerThreadHost: ThreadHost = {
  spawn(source, data) {
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');\n(${source})(workerData)`,
      { eval: true, workerData: data }
    )
    worker.unref()
    return {
      terminate() {
        void worker.terminate()
      }
    }
  }
}

/** MFLAB_THREADS when it is set to a whole number ≥ 1 (at most 64), else null. */
export function threadsFromEnv(): number | null {
  const n = Number(process.env.MFLAB_THREADS)
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 64) : null
}

/** Helper threads to use: MFLAB_THREADS when set (≥ 1), else one per core up to 8. */
export function gemmThreadCount(): number {
  return threadsFromEnv() ?? Math.min(8, cpus().length)
}

/**
 * The worker_threads helpers to inject where a simulation opens (like the gpu.js factory):
 * `threads` in total (caller included), by default {@link gemmThreadCount}; null for one.
 */
export function nodeGemmThreads(threads = gemmThreadCount()): GemmThreads | null {
  return gemmThreadsOf(workerThreadHost, threads)
}

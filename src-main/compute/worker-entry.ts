import '../wasm-flags'
import { parentPort } from 'node:worker_threads'
import type { ComputeCommand } from './compute-protocol'
import { ComputeRunner } from './compute-runner'
import { nodeGemmThreads } from './gemm-thread-host'
import { nodeGpuFactory, prepareHostGpu } from './gpu-host'
import { installPdeThread } from './pde-thread-host'

/**
 * Entry of the compute worker thread (bundled to out/cli/compute-worker.cjs): one simulation per
 * worker, driven by ComputeCommand messages, answered with ComputeEvent messages.
 */
if (!parentPort) throw new Error('worker-entry must run in a worker_threads Worker')
const port = parentPort
// the PDE overlay integrates on its own thread while the run steps
installPdeThread()
const runner = new ComputeRunner((event, transfer) => port.postMessage(event, transfer), {
  gpu: nodeGpuFactory,
  // full-batch GD's GEMMs may use every core; MFLAB_THREADS=1 keeps a run on one (several runs at once)
  threads: nodeGemmThreads(),
  prepare: prepareHostGpu
})
port.on('message', (cmd: ComputeCommand) => {
  void runner.handle(cmd)
})

import '../wasm-flags'
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { DECODER_ROLE } from '../backend/session-decoder'
import { serveSessionDecoder } from '../backend/session-decoder-thread'
import type { ComputeCommand } from './compute-protocol'
import { ComputeRunner } from './compute-runner'
import { nodeGemmThreads } from './gemm-thread-host'
import { nodeGpuFactory, prepareHostGpu } from './gpu-host'
import { installPdeThread, prewarmPdeThread } from './pde-thread-host'

/**
 * Entry of the compute worker thread (bundled to out/cli/compute-worker.cjs): one simulation per
 * worker, driven by ComputeCommand messages, answered with ComputeEvent messages. Started with
 * workerData.role = DECODER_ROLE it decodes session files instead (session-decoder.ts).
 */
if (!parentPort) throw new Error('worker-entry must run in a worker_threads Worker')
const port = parentPort
if (workerData?.role === DECODER_ROLE) serveSessionDecoder(port)
else serveCompute(port)

function serveCompute(port: MessagePort): void {
  // the PDE overlay integrates on its own thread while the run steps
  installPdeThread()
  const runner = new ComputeRunner((event, transfer) => port.postMessage(event, transfer), {
    gpu: nodeGpuFactory,
    // full-batch GD's GEMMs may use every core; MFLAB_THREADS=1 keeps a run on one (several runs at once)
    threads: nodeGemmThreads(),
    prepare: prepareHostGpu
  })
  port.on('message', (cmd: ComputeCommand) => {
    // a run with the PDE overlay: its thread boots while the simulation is built
    if (cmd.type === 'start' && cmd.options.spec?.observe?.observables?.includes('pde'))
      prewarmPdeThread()
    void runner.handle(cmd)
  })
}

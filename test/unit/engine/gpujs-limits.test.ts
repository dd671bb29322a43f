import { GPU } from 'gpu.js'
import { describe, expect, it } from 'vitest'
import { gpuModesHere } from './gpu-modes'

const here = await gpuModesHere()

/**
 * Why the W2 kernels compute one output per thread (test/bench/RESULTS.md, GPU section): a
 * register block of 4 outputs per thread needs an Array(4) result that the next kernel reads, and
 * gpu.js 2.24.1's webgpu backend refuses one as a kernel argument (its fused pipeline executor
 * likewise refuses vector-returning steps that feed others). When a gpu.js upgrade lifts this, this
 * test fails: time to write the blocked kernels.
 */
describe('gpu.js limits the GPU path is built around', () => {
  it.skipIf(!here.modes.includes('webgpu'))(
    'webgpu: an Array(4) kernel result cannot be another kernel’s argument',
    async () => {
      const gpu = new GPU({ mode: 'webgpu' })
      const blocked = gpu.createKernel(
        function (this: { thread: { x: number } }, v: number[]) {
          const i = this.thread.x
          return [v[i], 2 * v[i], 3 * v[i], 4 * v[i]]
        } as unknown as Parameters<GPU['createKernel']>[0],
        { output: [5], returnType: 'Array(4)', pipeline: true, immutable: true } as Parameters<
          GPU['createKernel']
        >[1]
      )
      const reader = gpu.createKernel(
        function (this: { thread: { x: number } }, p: number[][]) {
          const q = Math.floor(this.thread.x / 4)
          return p[q][this.thread.x - 4 * q]
        } as unknown as Parameters<GPU['createKernel']>[0],
        { output: [20] }
      )
      const handle = await blocked(Float32Array.of(1, 2, 3, 4, 5))
      await expect((async () => reader(handle as unknown as number[][]))()).rejects.toThrow(
        /does not yet support Array\(4\) pipeline results as kernel arguments/
      )
      await gpu.destroy()
    }
  )
})

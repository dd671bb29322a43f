import { setFlagsFromString } from 'node:v8'

/**
 * Turns on WebAssembly relaxed SIMD (f32x4.relaxed_madd, the fused multiply-add of the CPU
 * kernels: src-shared/engine/backends/wasm-features.ts) in Node 20, where V8 11.3 keeps it behind a
 * flag. V8 flags are per process, so worker threads started later see it too; it must run before
 * any module compiles, so the CLI and the compute worker import this first. Electron 45 has relaxed
 * SIMD on by default; setting the flag there is harmless. MFLAB_RELAXED_SIMD=0 leaves it off (to
 * measure or test the plain SIMD kernels).
 */
export function enableRelaxedSimd(): void {
  if (process.env.MFLAB_RELAXED_SIMD === '0') return
  setFlagsFromString('--experimental-wasm-relaxed-simd')
}

enableRelaxedSimd()

/**
 * WebAssembly features the CPU kernels can use beyond fixed-width SIMD, detected by validating a
 * tiny module (never by runtime version): the kernels are assembled with or without them.
 *
 * Relaxed SIMD's `f32x4.relaxed_madd(a, b, c)` = a·b + c, fused (one rounding) where the CPU has FMA,
 * otherwise a multiply and an add: results may differ from the plain kernels in the last bits.
 * Electron 45 (V8 14) has it on by default; Node 20 (V8 11.3) only after
 * `--experimental-wasm-relaxed-simd`, which the CLI and its workers set at startup
 * (src-main/wasm-flags.ts).
 */

/** The opcode of f32x4.relaxed_madd after the 0xfd SIMD prefix (0x105, LEB128). */
export const F32X4_RELAXED_MADD = [0x85, 0x02]

/** (func (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))) */
const PROBE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b]
])

let relaxed: boolean | null = null

/** Whether this runtime validates relaxed SIMD (f32x4.relaxed_madd); asked once per thread. */
export function hasRelaxedSimd(): boolean {
  if (relaxed === null) {
    const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly
    relaxed = !!wasm && wasm.validate(PROBE)
  }
  return relaxed
}

/**
 * Which multiply-add the kernels are assembled with: 'fma' (relaxed_madd) where the runtime has
 * it, else 'plain' (f32x4.mul then f32x4.add). `prefer` = 'plain' forces the fallback (tests,
 * and runs that must match the plain kernels bit for bit).
 */
export type MaddKind = 'fma' | 'plain'

export function maddKind(prefer: MaddKind | 'auto' = 'auto'): MaddKind {
  return prefer !== 'plain' && hasRelaxedSimd() ? 'fma' : 'plain'
}

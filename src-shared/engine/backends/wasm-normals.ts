import { NORMAL_CONSTANTS, NormalStream } from '../../science/normal-stream'
import { END, funcBody, funcType, I32, kernelModule, sleb, uleb, V128 } from './wasm-assembler'

/**
 * The wasm SIMD kernel of science/normal-stream.ts: four xoshiro128** lanes and float32 Box–Muller,
 * 8 normals per loop (about 1.6 ns per normal on this project's 2.6 GHz Xeon, where the JS twin
 * takes 15–20). Same numbers as the JS twin bit for bit: integer ops are exact, and each float op
 * is one f32x4 op (no fused multiply-add) in the twin's order. Tested against the twin in
 * test/unit/science/normal-stream.test.ts.
 *
 *   fill(state, out, groups): state at byte offset `state` (16 int32, word-major), `groups`×8
 *   float32 normals at `out`.
 */
export interface WasmNormals {
  readonly memory: WebAssembly.Memory
  /** Draws `count` (multiple of 8) normals from `state` (advanced in place) into its memory. */
  fill(state: Int32Array, count: number): Float32Array
}

const SIMD = 0xfd
const LOOP = 0x03
const BR_IF = 0x0d
const VOID = 0x40

type Code = number[]
const op = (code: number): Code => [SIMD, ...uleb(code)]
const get = (l: number): Code => [0x20, ...uleb(l)]
const set = (l: number): Code => [0x21, ...uleb(l)]
const tee = (l: number): Code => [0x22, ...uleb(l)]
const i32 = (v: number): Code => [0x41, ...sleb(v)]
// SIMD opcodes (fixed-width SIMD proposal, final numbering)
const LOAD = (offset: number): Code => [...op(0x00), 4, ...uleb(offset)]
const STORE = (offset: number): Code => [...op(0x0b), 4, ...uleb(offset)]
const I32X4_SPLAT = op(0x11)
const F32X4_SPLAT = op(0x13)
const F32X4_GT = op(0x44)
const AND = op(0x4e)
const OR = op(0x50)
const XOR = op(0x51)
const BITSELECT = op(0x52)
const I32X4_SHL = op(0xab)
const I32X4_SHR_S = op(0xac)
const I32X4_SHR_U = op(0xad)
const I32X4_ADD = op(0xae)
const I32X4_SUB = op(0xb1)
const F32X4_SQRT = op(0xe3)
const F32X4_ADD = op(0xe4)
const F32X4_SUB = op(0xe5)
const F32X4_MUL = op(0xe6)
const F32X4_DIV = op(0xe7)
const F32X4_CONVERT_I32X4_S = op(0xfa)

/** An i32x4 splat of an integer constant; an f32x4 splat of a float32 constant. */
const ci = (v: number): Code => [...i32(v), ...I32X4_SPLAT]
const cf = (v: number): Code => {
  const b = new Uint8Array(new Float32Array([v]).buffer)
  return [0x43, ...b, ...F32X4_SPLAT]
}

// locals: params state, out, groups (i32); then v128 locals
const [STATE, OUT, GROUPS] = [0, 1, 2]
const [S0, S1, S2, S3, U1, U2, T, M, E, S, Z, R, PHI, Q, X0, X1, MASK] = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19
]

/** (x << k) | (x >>> (32 − k)) on the i32x4 value left on the stack by `x` (evaluated twice). */
const rotl = (x: Code, k: number): Code => [
  ...x,
  ...i32(k),
  ...I32X4_SHL,
  ...x,
  ...i32(32 - k),
  ...I32X4_SHR_U,
  ...OR
]

/** dst = xoshiro128** output of the four lanes; advances S0..S3. */
const next = (dst: number): Code => [
  // result = rotl(s1·5, 7)·9, the products as shifts and adds (exact mod 2³²; i32x4.mul is
  // two slow instructions on x64)
  ...[...get(S1), ...i32(2), ...I32X4_SHL, ...get(S1), ...I32X4_ADD, ...set(dst)],
  ...rotl(get(dst), 7),
  ...tee(dst),
  ...[...i32(3), ...I32X4_SHL, ...get(dst), ...I32X4_ADD, ...set(dst)],
  // t = s1 << 9
  ...[...get(S1), ...i32(9), ...I32X4_SHL, ...set(T)],
  ...[...get(S2), ...get(S0), ...XOR, ...set(S2)],
  ...[...get(S3), ...get(S1), ...XOR, ...set(S3)],
  ...[...get(S1), ...get(S2), ...XOR, ...set(S1)],
  ...[...get(S0), ...get(S3), ...XOR, ...set(S0)],
  ...[...get(S2), ...get(T), ...XOR, ...set(S2)],
  ...rotl(get(S3), 11),
  ...set(S3)
]

/** Horner: c[0] + q·(c[1] + q·(… + q·c[n−1])), each step a float32 mul then add. */
const horner = (q: number, c: readonly number[]): Code => {
  let code = cf(c[c.length - 1])
  for (let k = c.length - 2; k >= 0; k--)
    code = [...cf(c[k]), ...get(q), ...code, ...F32X4_MUL, ...F32X4_ADD]
  return code
}

function fillBody(): number[] {
  const C = NORMAL_CONSTANTS
  const group = [
    ...next(U1),
    ...next(U2),
    // x = ((u1 >>> 8) + 1)·2⁻²⁴ (exact); bits of x in T
    ...[...get(U1), ...i32(8), ...I32X4_SHR_U, ...ci(1), ...I32X4_ADD],
    ...[...F32X4_CONVERT_I32X4_S, ...cf(C.unit), ...F32X4_MUL, ...set(T)],
    // e = (bits >> 23) − 127; m = mantissa | 1.0
    ...[...get(T), ...i32(23), ...I32X4_SHR_S, ...ci(127), ...I32X4_SUB, ...set(E)],
    ...[...get(T), ...ci(0x7fffff), ...AND, ...ci(0x3f800000), ...OR, ...set(M)],
    // m > √2: m ← m·0.5, e ← e + 1 (the mask is −1 there)
    ...[...get(M), ...cf(C.sqrt2), ...F32X4_GT, ...set(MASK)],
    ...[...get(M), ...cf(0.5), ...F32X4_MUL, ...get(M), ...get(MASK), ...BITSELECT, ...set(M)],
    ...[...get(E), ...get(MASK), ...I32X4_SUB, ...set(E)],
    // s = (m − 1)/(m + 1), z = s², ln x = e·ln2 + s·P(z), r = √(−2 ln x)
    ...[...get(M), ...cf(1), ...F32X4_SUB, ...get(M), ...cf(1), ...F32X4_ADD, ...F32X4_DIV],
    ...[...tee(S), ...get(S), ...F32X4_MUL, ...set(Z)],
    ...[...get(E), ...F32X4_CONVERT_I32X4_S, ...cf(C.ln2), ...F32X4_MUL],
    ...[...get(S), ...horner(Z, C.log), ...F32X4_MUL, ...F32X4_ADD],
    ...[...cf(-2), ...F32X4_MUL, ...F32X4_SQRT, ...set(R)],
    // φ = ((u2 & 0x1fffffff) >>> 5)·π/4·2⁻²⁴, q = φ²
    ...[...get(U2), ...ci(0x1fffffff), ...AND, ...i32(5), ...I32X4_SHR_U],
    ...[...F32X4_CONVERT_I32X4_S, ...cf(C.angle), ...F32X4_MUL, ...tee(PHI)],
    ...[...get(PHI), ...F32X4_MUL, ...set(Q)],
    // X0 = sin φ, X1 = cos φ
    ...[...get(PHI), ...horner(Q, C.sin), ...F32X4_MUL, ...set(X0)],
    ...[...horner(Q, C.cos), ...set(X1)],
    // bit 29 swaps: first = swap ? sin : cos, second = swap ? cos : sin
    ...[...get(U2), ...i32(2), ...I32X4_SHL, ...i32(31), ...I32X4_SHR_S, ...set(MASK)],
    ...[...get(X0), ...get(X1), ...get(MASK), ...BITSELECT, ...set(T)],
    ...[...get(X1), ...get(X0), ...get(MASK), ...BITSELECT, ...set(X1)],
    // bit 30 negates the first, bit 31 the second (sign-bit xor); out = r·(first, second)
    ...[...get(OUT), ...get(R), ...get(T)],
    ...[...get(U2), ...i32(1), ...I32X4_SHL, ...ci(-0x80000000), ...AND, ...XOR],
    ...[...F32X4_MUL, ...STORE(0)],
    ...[...get(OUT), ...get(R), ...get(X1)],
    ...[...get(U2), ...ci(-0x80000000), ...AND, ...XOR],
    ...[...F32X4_MUL, ...STORE(16)],
    ...[...get(OUT), ...i32(32), 0x6a /* i32.add */, ...set(OUT)]
  ]
  const code = [
    ...[...get(STATE), ...LOAD(0), ...set(S0), ...get(STATE), ...LOAD(16), ...set(S1)],
    ...[...get(STATE), ...LOAD(32), ...set(S2), ...get(STATE), ...LOAD(48), ...set(S3)],
    LOOP,
    VOID,
    ...group,
    ...[...get(GROUPS), ...i32(1), 0x6b /* i32.sub */, ...tee(GROUPS), BR_IF, 0],
    END,
    ...[...get(STATE), ...get(S0), ...STORE(0), ...get(STATE), ...get(S1), ...STORE(16)],
    ...[...get(STATE), ...get(S2), ...STORE(32), ...get(STATE), ...get(S3), ...STORE(48)]
  ]
  return funcBody([[17, V128]], code)
}

/** The module's bytes: imports env.mem (shared: for helper threads), exports fill(state, out, groups). */
export function wasmNormalsBytes(shared = false): Uint8Array<ArrayBuffer> {
  return kernelModule({
    types: [funcType([I32, I32, I32], [])],
    sharedMemory: shared,
    functions: [0],
    exports: [['fill', 0]],
    bodies: [fillBody()]
  })
}

/**
 * The kernel over `memory` (its own by default), with the state at byte `at` (64 bytes) and the
 * normals after it; null without wasm SIMD. On its own memory it grows as needed; on a memory
 * shared with other kernels (the js backend's) the caller reserves room for every fill.
 */
export function createWasmNormals(memory?: WebAssembly.Memory, at = 0): WasmNormals | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly
  if (!wasm) return null
  const own = !memory
  const mem = memory ?? new wasm.Memory({ initial: 1 })
  const kernel = normalsKernel(mem)
  if (!kernel) return null
  const fill = kernel.fill
  const OUT = at + 64
  return {
    memory: mem,
    fill(state, count) {
      const need = OUT + count * 4
      if (need > mem.buffer.byteLength) {
        if (!own) throw new Error('wasm normals: no room for the draw in the shared memory')
        mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536))
      }
      const st = new Int32Array(mem.buffer, at, 16)
      st.set(state)
      if (count > 0) fill(at, OUT, count / 8)
      state.set(st)
      return new Float32Array(mem.buffer, OUT, count)
    }
  }
}

/**
 * The raw kernel over `memory` (shared or not; a shared one can be handed to helper threads): the
 * compiled module and fill(stateByte, outByte, groups); null without wasm SIMD.
 */
export function normalsKernel(memory: WebAssembly.Memory): {
  module: WebAssembly.Module
  fill: (state: number, out: number, groups: number) => void
} | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly
  if (!wasm) return null
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
  const code = wasmNormalsBytes(shared)
  if (!wasm.validate(code)) return null
  const module = new wasm.Module(code)
  const instance = new wasm.Instance(module, { env: { mem: memory } })
  return { module, fill: instance.exports.fill as (s: number, o: number, g: number) => void }
}

/** The step-noise stream of (seed, name), drawn by the wasm kernel where there is wasm SIMD. */
export function fastNormalStream(seed: number, stream: string): NormalStream {
  return accelerateNormals(new NormalStream(seed, stream))
}

/** Draws `stream` with the wasm kernel on its own memory, where there is wasm SIMD. */
export function accelerateNormals(stream: NormalStream): NormalStream {
  const k = createWasmNormals()
  return k ? stream.accelerate(k.fill) : stream
}

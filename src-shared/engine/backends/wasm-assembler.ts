/**
 * The binary encoding shared by the hand-assembled WebAssembly kernels (wasm-gemm.ts, wasm-dots.ts,
 * wasm-normals.ts): LEB128 integers, names, sections, function types and bodies, and a module with
 * one imported memory `env.mem` and exported functions. The kernels emit instructions themselves;
 * this file only frames them, so every kernel module is laid out the same way.
 * Tested in test/unit/engine/wasm-assembler.test.ts.
 */

/** Value types (binary encoding). */
export const I32 = 0x7f
export const F32 = 0x7d
export const F64 = 0x7c
export const V128 = 0x7b

/** The `end` opcode that closes every function body (and block). */
export const END = 0x0b

/** "\0asm" and binary format version 1. */
export const MODULE_HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]

/** Unsigned LEB128 of an integer 0 ≤ n < 2³² (counts, sizes, indices, memarg offsets). */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new RangeError(`uleb: ${n} is not an unsigned 32-bit integer`)
  const out: number[] = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}

/** Signed LEB128 of an integer −2³¹ ≤ n < 2³¹ (the immediate of i32.const). */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff)
    throw new RangeError(`sleb: ${n} is not a signed 32-bit integer`)
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte)
      return out
    }
    out.push(byte | 0x80)
  }
}

/** A name (import, export): its length, then its bytes; the kernels' names are ASCII. */
export function name(s: string): number[] {
  const bytes = Array.from(s, (c) => c.charCodeAt(0))
  if (bytes.some((b) => b > 0x7f)) throw new RangeError(`name: "${s}" is not ASCII`)
  return [...uleb(bytes.length), ...bytes]
}

/** A section: its id, its size, its content. */
export function section(id: number, content: readonly number[]): number[] {
  return [id, ...uleb(content.length), ...content]
}

/** A function type: (param types) → (result types). */
export function funcType(params: readonly number[], results: readonly number[]): number[] {
  return [0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results]
}

/**
 * A function body of the code section: its size, the local declarations as [count, type] runs
 * (after the parameters), the instructions, and the closing `end` (not part of `code`).
 */
export function funcBody(locals: readonly (readonly [number, number])[], code: readonly number[]) {
  const decl = [...uleb(locals.length), ...locals.flatMap(([n, t]) => [...uleb(n), t])]
  const all = [...decl, ...code, END]
  return [...uleb(all.length), ...all]
}

/** A module of functions over one imported memory, as the kernels build it. */
export interface KernelModule {
  /** The distinct function types, each from {@link funcType}. */
  types: readonly number[][]
  /** The imported `env.mem`: shared (threads; 1 to 65536 pages, 4 GiB) or not (at least 1 page). */
  sharedMemory?: boolean
  /** The type index of each function, in code order. */
  functions: readonly number[]
  /** The exports: name and function index, in this order. */
  exports: readonly (readonly [string, number])[]
  /** The bodies, each from {@link funcBody}, in the order of `functions`. */
  bodies: readonly number[][]
}

/** The bytes of a {@link KernelModule}: header, type, import, function, export and code sections. */
export function kernelModule(m: KernelModule): Uint8Array<ArrayBuffer> {
  if (m.bodies.length !== m.functions.length)
    throw new RangeError('kernelModule: one body per function')
  const limits = m.sharedMemory ? [0x03, 1, ...uleb(65536)] : [0x00, 1]
  const bytes = [
    ...MODULE_HEADER,
    ...section(1, [...uleb(m.types.length), ...m.types.flat()]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, ...limits]),
    ...section(3, [...uleb(m.functions.length), ...m.functions.flatMap((t) => uleb(t))]),
    ...section(7, [
      ...uleb(m.exports.length),
      ...m.exports.flatMap(([n, index]) => [...name(n), 0x00, ...uleb(index)])
    ]),
    ...section(10, [...uleb(m.bodies.length), ...m.bodies.flat()])
  ]
  return new Uint8Array(bytes)
}

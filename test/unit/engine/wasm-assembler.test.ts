import { describe, expect, it } from 'vitest'
import {
  F64,
  funcBody,
  funcType,
  I32,
  kernelModule,
  MODULE_HEADER,
  name,
  section,
  sleb,
  uleb
} from '@shared/engine/backends/wasm-assembler'

/** LEB128 decoders written from the format's definition, to check the encoders both ways. */
function readUleb(bytes: number[]): number {
  let v = 0
  for (let i = 0; i < bytes.length; i++) v += (bytes[i] & 0x7f) * 2 ** (7 * i)
  return v
}
function readSleb(bytes: number[]): number {
  const v = readUleb(bytes)
  const bits = 7 * bytes.length
  return bytes[bytes.length - 1] & 0x40 ? v - 2 ** bits : v
}
/** Every byte but the last has its continuation bit set. */
const wellFormed = (bytes: number[]) =>
  bytes.every((b, i) => b >= 0 && b <= 0xff && b >= 0x80 === i < bytes.length - 1)

describe('wasm assembler', () => {
  it('encodes LEB128 as the format specifies', () => {
    expect(uleb(0)).toEqual([0])
    expect(uleb(127)).toEqual([0x7f])
    expect(uleb(128)).toEqual([0x80, 0x01])
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f])
    expect(sleb(0)).toEqual([0])
    expect(sleb(63)).toEqual([0x3f])
    expect(sleb(64)).toEqual([0xc0, 0x00]) // not [0x40]: that byte alone reads as −64
    expect(sleb(-64)).toEqual([0x40])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78])
  })

  it('round-trips LEB128 over the whole 32-bit range and rejects what does not fit', () => {
    const values = [1, 2, 7, 8, 14, 15, 21, 22, 28, 31, 32].flatMap((e) => [2 ** e - 1, 2 ** e])
    for (const v of values.filter((x) => x <= 0xffffffff)) {
      expect(wellFormed(uleb(v))).toBe(true)
      expect(readUleb(uleb(v))).toBe(v)
    }
    for (const v of values.filter((x) => x <= 0x80000000))
      for (const s of [v, -v].filter((x) => x >= -0x80000000 && x <= 0x7fffffff)) {
        expect(wellFormed(sleb(s))).toBe(true)
        expect(readSleb(sleb(s))).toBe(s)
      }
    expect(() => uleb(-1)).toThrow(RangeError)
    expect(() => uleb(2 ** 32)).toThrow(RangeError)
    expect(() => uleb(1.5)).toThrow(RangeError)
    expect(() => sleb(2 ** 31)).toThrow(RangeError)
    expect(() => sleb(-(2 ** 31) - 1)).toThrow(RangeError)
  })

  it('frames names, sections, types and bodies with their sizes', () => {
    expect(name('env')).toEqual([3, 0x65, 0x6e, 0x76])
    expect(() => name('σ')).toThrow(RangeError)
    const big = new Array<number>(200).fill(1)
    expect(section(10, big).slice(0, 3)).toEqual([10, 0xc8, 0x01])
    expect(section(10, big)).toHaveLength(203)
    expect(funcType([I32, I32], [F64])).toEqual([0x60, 2, I32, I32, 1, F64])
    // size, 1 run of 2 i32 locals, local.get 0, end
    expect(funcBody([[2, I32]], [0x20, 0])).toEqual([6, 1, 2, I32, 0x20, 0, 0x0b])
  })

  it('assembles a module that imports env.mem and runs its exported functions', () => {
    // store(p, v): i32.store [p] v; sum(p, n): Σ i32 at p .. p + 4(n − 1), with an i32.const 100
    // (an immediate that needs two signed LEB bytes) added once
    const store = funcBody([], [0x20, 0, 0x20, 1, 0x36, 2, 0])
    const sum = funcBody(
      [[1, I32]],
      [
        ...[0x41, ...sleb(100), 0x21, 2], // acc = 100
        ...[0x03, 0x40], // loop
        ...[0x20, 2, 0x20, 0, 0x28, 2, 0, 0x6a, 0x21, 2], // acc += [p]
        ...[0x20, 0, 0x41, 4, 0x6a, 0x21, 0], // p += 4
        ...[0x20, 1, 0x41, 1, 0x6b, 0x22, 1, 0x0d, 0, 0x0b], // while (--n)
        ...[0x20, 2]
      ]
    )
    const bytes = kernelModule({
      types: [funcType([I32, I32], []), funcType([I32, I32], [I32])],
      functions: [0, 1],
      exports: [
        ['sum', 1],
        ['store', 0]
      ],
      bodies: [store, sum]
    })
    expect(Array.from(bytes.slice(0, 8))).toEqual(MODULE_HEADER)
    expect(WebAssembly.validate(bytes)).toBe(true)
    const module = new WebAssembly.Module(bytes)
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'mem', kind: 'memory' }
    ])
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(['sum', 'store'])
    const mem = new WebAssembly.Memory({ initial: 1 })
    const ex = new WebAssembly.Instance(module, { env: { mem } }).exports as {
      store(p: number, v: number): void
      sum(p: number, n: number): number
    }
    ex.store(8, 7)
    ex.store(12, -3)
    ex.store(16, 1000)
    expect(new Int32Array(mem.buffer, 8, 3)).toEqual(new Int32Array([7, -3, 1000]))
    expect(ex.sum(8, 3)).toBe(100 + 7 - 3 + 1000)
  })

  it('imports a shared memory of up to 4 GiB when asked, so helper threads can share it', () => {
    const bytes = kernelModule({
      types: [funcType([], [])],
      sharedMemory: true,
      functions: [0],
      exports: [['nop', 0]],
      bodies: [funcBody([], [])]
    })
    expect(WebAssembly.validate(bytes)).toBe(true)
    const module = new WebAssembly.Module(bytes)
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true })
    expect(() => new WebAssembly.Instance(module, { env: { mem: shared } })).not.toThrow()
    // an unshared memory does not satisfy a shared import
    const plain = new WebAssembly.Memory({ initial: 1 })
    expect(() => new WebAssembly.Instance(module, { env: { mem: plain } })).toThrow()
    expect(() => kernelModule({ types: [], functions: [0], exports: [], bodies: [] })).toThrow(
      RangeError
    )
  })
})

import { describe, expect, it } from 'vitest'
import {
  decodeFrame,
  encodeFrame,
  isInvokeMessage,
  toWireError,
  type ServerMessage
} from '@shared/protocol/ws-messages'
import { SpecError } from '@shared/spec/experiment-spec'

describe('ws-messages wire format', () => {
  it('sends plain messages as JSON text and keeps non-finite numbers', () => {
    const m: ServerMessage = {
      type: 'event',
      event: {
        kind: 'metrics',
        runId: 'r1',
        records: [{ step: 1, risk: NaN, l2: Infinity }],
        stepsPerSecond: -Infinity
      }
    }
    const frame = encodeFrame(m)
    expect(typeof frame).toBe('string')
    const back = decodeFrame(frame) as typeof m
    const ev = back.event as Extract<typeof m.event, { kind: 'metrics' }>
    expect(ev.records[0].risk).toBeNaN()
    expect(ev.records[0].l2).toBe(Infinity)
    expect(ev.stepsPerSecond).toBe(-Infinity)
  })

  it('sends typed arrays in one binary frame and restores type, values and alignment', () => {
    // odd lengths and a subarray at an odd offset exercise padding and byteOffset handling
    const base = new Float32Array([9, 1.5, -2.25, 3, 4])
    const a = base.subarray(1, 4)
    const b = new Float64Array([Math.PI, -0, 1e-300])
    const w = new Uint8Array([1, 2, 3])
    const frame = encodeFrame({
      type: 'result',
      id: 7,
      ok: true,
      value: { a, nested: [{ b }], w, n: 3 }
    })
    expect(frame).toBeInstanceOf(Uint8Array)
    const back = decodeFrame(frame) as {
      value: { a: Float32Array; nested: { b: Float64Array }[]; w: Uint8Array; n: number }
    }
    expect(back.value.a).toBeInstanceOf(Float32Array)
    expect([...back.value.a]).toEqual([1.5, -2.25, 3])
    expect(back.value.nested[0].b).toBeInstanceOf(Float64Array)
    expect([...back.value.nested[0].b]).toEqual([Math.PI, -0, 1e-300])
    expect([...back.value.w]).toEqual([1, 2, 3])
    expect(back.value.n).toBe(3)
  })

  it('parses marker-free text as it is and still revives markers however they are written', () => {
    // no marker: plain JSON.parse; strings and keys with a '$' elsewhere stay as they are
    const plain = { type: 'event', event: { note: 'costs $5', records: [{ step: 1, risk: 0.5 }] } }
    expect(decodeFrame(JSON.stringify(plain))).toEqual(plain)
    expect(decodeFrame('{"a":{"b$":"$num"}}')).toEqual({ a: { b$: '$num' } })
    // a marker written by our encoder, and one with its '$' escaped by another JSON writer
    expect((decodeFrame('{"x":{"$num":"NaN"}}') as { x: number }).x).toBeNaN()
    expect((decodeFrame('{"x":{"\\u0024num":"-Infinity"}}') as { x: number }).x).toBe(-Infinity)
  })

  it('decodes a binary frame that sits at an unaligned offset of a larger buffer', () => {
    const frame = encodeFrame({ type: 'hello', protocol: 1, x: new Float64Array([1, 2]) } as never)
    const bytes = frame as Uint8Array
    const shifted = new Uint8Array(bytes.length + 3)
    shifted.set(bytes, 3)
    const back = decodeFrame(shifted.subarray(3)) as { x: Float64Array }
    expect([...back.x]).toEqual([1, 2])
  })

  it('rejects truncated or foreign binary frames', () => {
    const frame = encodeFrame({
      type: 'hello',
      protocol: 1,
      x: new Float32Array(100)
    } as never) as Uint8Array
    expect(() => decodeFrame(frame.subarray(0, frame.length - 8))).toThrow(/out of frame bounds/)
    expect(() => decodeFrame(new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0]))).toThrow(
      /not a Mean-Field Lab/
    )
  })

  it('recognises only well-formed invoke messages', () => {
    expect(isInvokeMessage({ type: 'invoke', id: 1, method: 'listPresets', args: [] })).toBe(true)
    expect(isInvokeMessage({ type: 'invoke', id: 1.5, method: 'listPresets', args: [] })).toBe(
      false
    )
    expect(isInvokeMessage({ type: 'invoke', id: 1, method: 'x', args: {} })).toBe(false)
    expect(isInvokeMessage(null)).toBe(false)
  })

  it('carries spec issues in errors', () => {
    const e = toWireError(new SpecError([{ path: 'model.width', message: 'Too small' }]))
    expect(e.name).toBe('SpecError')
    expect(e.issues).toEqual([{ path: 'model.width', message: 'Too small' }])
    expect(toWireError('boom')).toEqual({ name: 'Error', message: 'boom' })
  })
})

describe('ws-messages: what a frame decodes into is bounded by the frame', () => {
  /** A binary frame whose header is `json` and whose data section is `dataBytes` zero bytes. */
  function frame(json: string, dataBytes: number): Uint8Array {
    const header = new TextEncoder().encode(json)
    const dataStart = (8 + header.length + 7) & ~7
    const out = new Uint8Array(dataStart + dataBytes)
    out.set([0x4d, 0x46, 0x4c, 0x31])
    new DataView(out.buffer).setUint32(4, header.length, true)
    out.set(header, 8)
    return out
  }

  it('1 500 typed-array markers pointing at the same 1 MiB are refused, not copied 1 500 times', () => {
    const marker = { $ta: 'Uint8Array', o: 0, n: 2 ** 20 }
    const bytes = frame(
      JSON.stringify({ type: 'invoke', id: 1, method: 'x', args: Array(1500).fill(marker) }),
      2 ** 20
    )
    const before = process.resourceUsage().maxRSS
    expect(() => decodeFrame(bytes)).toThrow(
      'typed arrays in the frame decode to more bytes than the frame holds'
    )
    expect((process.resourceUsage().maxRSS - before) / 1024).toBeLessThan(100)
    // the same marker once is fine
    const once = frame(
      JSON.stringify({ type: 'invoke', id: 1, method: 'x', args: [marker] }),
      2 ** 20
    )
    expect((decodeFrame(once) as { args: Uint8Array[] }).args[0]).toHaveLength(2 ** 20)
  })

  it('8 MB of nested brackets is refused before JSON.parse, in text and binary frames', () => {
    const deep = '['.repeat(4_000_000) + ']'.repeat(4_000_000)
    expect(() => decodeFrame(deep)).toThrow('nested more than 64 levels deep')
    expect(() => decodeFrame(frame(deep, 0))).toThrow('nested more than 64 levels deep')
    // brackets inside strings do not count
    expect(decodeFrame(JSON.stringify({ s: '['.repeat(1000) }))).toEqual({ s: '['.repeat(1000) })
  })
})

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from '@shared/protocol/ws-messages'
import { Rng } from '@shared/science/rng'
import { decodeSession } from '@shared/session/decode-session'
import { encodeSession } from '@shared/session/encode-session'
import { parseSpec } from '@shared/spec/experiment-spec'
import { decodeStudy } from '@shared/study/decode-study'
import { encodeStudy } from '@shared/study/encode-study'
import { sampleSession } from '../../fixtures/session/sample-session'
import { completedStudy } from '../../unit/study/make-study'

/**
 * Seeded fuzzing of every input a hostile file or socket controls: session files, study files and
 * web-mode frames, corrupted at the byte, zip and manifest level. Each input must end in one of two
 * ways: a one-line, printable refusal, or an accept that is runnable (the spec validates and the
 * session saves again). Every input is answered within a time bound, and the whole campaign within
 * a memory bound.
 */
const SEED = 15
const PER_KIND = 120
const MAX_MS_EACH = 1000
const MAX_PEAK_RISE_MB = 200

/** Characters a terminal acts on (see printable.ts). */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

const rng = new Rng(SEED, 'hostile-inputs')
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]

const session = encodeSession(sampleSession({ records: 12 }))
const study = encodeStudy(completedStudy([10, 20], [1, 2], (v, s) => Number(v) / 100 + s / 1000))

/** Values a careless or hostile editor puts in a manifest field. */
const WEIRD: unknown[] = [
  null,
  -1,
  0,
  1e308,
  -1e-308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  '\u001b[2J\u001b]0;pwned\u0007',
  'x'.repeat(5000),
  [],
  [[[[[[[[[[]]]]]]]]]],
  {},
  { __proto__: { polluted: true } },
  '__proto__',
  'constructor',
  'toString',
  true,
  '1e3',
  'NaN'
]

function mutateBytes(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice()
  switch (rng.int(4)) {
    case 0: // flip a few bytes
      for (let k = 1 + rng.int(8); k > 0; k--) out[rng.int(out.length)] ^= 1 + rng.int(255)
      return out
    case 1: // cut short
      return out.subarray(0, rng.int(out.length))
    case 2: {
      // insert junk
      const at = rng.int(out.length)
      const junk = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256))
      const grown = new Uint8Array(out.length + junk.length)
      grown.set(out.subarray(0, at))
      grown.set(junk, at)
      grown.set(out.subarray(at), at + junk.length)
      return grown
    }
    default: {
      // a 4-byte little-endian field set to an extreme value (sizes, offsets, counts)
      const at = rng.int(Math.max(1, out.length - 4))
      new DataView(out.buffer, out.byteOffset).setUint32(
        at,
        pick([0, 0xffffffff, 0x7fffffff, 1 << 30]),
        true
      )
      return out
    }
  }
}

/** Sets a random field (at any depth) of a JSON value to a weird value, or deletes it. */
function mutateJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6 || rng.uniform() < 0.2)
    return pick(WEIRD)
  if (Array.isArray(value)) {
    if (!value.length) return [pick(WEIRD)]
    const copy = [...value]
    const i = rng.int(copy.length)
    copy[i] = mutateJson(copy[i], depth + 1)
    if (rng.uniform() < 0.1) copy.push(copy[i])
    return copy
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  const keys = Object.keys(copy)
  if (!keys.length) return { [pick(['x', '__proto__', 'constructor'])]: pick(WEIRD) }
  const k = pick(keys)
  if (rng.uniform() < 0.15) delete copy[k]
  else copy[k] = mutateJson(copy[k], depth + 1)
  return copy
}

function mutateArchive(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes)
  const names = Object.keys(files)
  switch (rng.int(3)) {
    case 0: {
      let manifest: unknown
      try {
        manifest = JSON.parse(strFromU8(files['manifest.json']))
      } catch {
        manifest = {} // mangled by an earlier round: start from an empty manifest
      }
      files['manifest.json'] = strToU8(JSON.stringify(mutateJson(manifest)))
      break
    }
    case 1: {
      // rename, drop or duplicate an entry
      const name = pick(names)
      const data = files[name]
      if (rng.uniform() < 0.5) delete files[name]
      files[pick([`${name}x`, 'series/x y.f64', 'data/__proto__.f64', `\u001b[31m${name}`, name])] =
        data
      break
    }
    default: {
      // corrupt the bytes of one entry, keeping the zip valid
      const name = pick(names)
      files[name] = new Uint8Array(mutateBytes(files[name]))
    }
  }
  return zipSync(files)
}

const outcomes = { refused: 0, accepted: 0 }

/** Runs `decode` on the input; checks the outcome's form and returns how long it took. */
function judge(
  input: Uint8Array | string,
  decode: (x: never) => unknown,
  accept: (v: unknown) => void
): number {
  const t0 = performance.now()
  let value: unknown
  let error: unknown = null
  try {
    value = decode(input as never)
  } catch (e) {
    error = e
  }
  const ms = performance.now() - t0
  if (error) {
    outcomes.refused++
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message.length).toBeGreaterThan(0)
    expect(message, message).not.toMatch(ACTIVE)
    expect(message.length).toBeLessThanOrEqual(2400)
  } else {
    outcomes.accepted++
    accept(value)
  }
  return ms
}

function runnableSession(decoded: unknown): void {
  const { session: s } = decoded as ReturnType<typeof decodeSession>
  expect(parseSpec(s.spec).ok).toBe(true)
  expect(() => encodeSession(s)).not.toThrow()
}

describe('hostile inputs: one-line refusal or a runnable accept, in bounded time and memory', () => {
  it(`${PER_KIND * 9} seeded corruptions of sessions, studies and web frames`, () => {
    const before = process.resourceUsage().maxRSS
    const times: number[] = []
    let total = 0
    const count = (ms: number) => (times.push(ms), total++)
    for (let i = 0; i < PER_KIND; i++) {
      count(judge(mutateBytes(session), decodeSession, runnableSession))
      count(judge(mutateArchive(session), decodeSession, runnableSession))
      count(judge(mutateArchive(mutateArchive(session)), decodeSession, runnableSession))
      count(
        judge(mutateBytes(study), decodeStudy, (st) => {
          expect(() => encodeStudy(st as never)).not.toThrow()
        })
      )
      count(
        judge(mutateArchive(study), decodeStudy, (st) => {
          expect(() => encodeStudy(st as never)).not.toThrow()
        })
      )
      const frame = encodeFrame({
        type: 'invoke',
        id: i,
        method: 'startRun',
        args: [{ w: Float32Array.from({ length: 64 }, () => rng.normal()), n: 3, s: 'x' }]
      }) as Uint8Array
      count(judge(mutateBytes(frame), decodeFrame, () => undefined))
      const text = JSON.stringify({ type: 'invoke', id: i, method: 'listSessions', args: [] })
      count(judge(JSON.stringify(mutateJson(JSON.parse(text))), decodeFrame, () => undefined))
      const cut = text.slice(0, rng.int(text.length))
      count(judge(cut + '['.repeat(rng.int(200)), decodeFrame, () => undefined))
      const markers = Array.from({ length: 1 + rng.int(50) }, () => ({
        $ta: pick(['Float64Array', 'Uint8Array', 'Nope']),
        o: pick([0, 8, -8, 1e12]),
        n: pick([0, 8, 1 << 20, -1])
      }))
      const bomb = encodeFrame({
        type: 'invoke',
        id: i,
        method: 'x',
        args: [new Uint8Array(64)]
      }) as Uint8Array
      const header = JSON.stringify({ type: 'invoke', id: i, method: 'x', args: markers })
      const h = strToU8(header)
      const forged = new Uint8Array(((8 + h.length + 7) & ~7) + 64)
      forged.set(bomb.subarray(0, 4))
      new DataView(forged.buffer).setUint32(4, h.length, true)
      forged.set(h, 8)
      count(judge(forged, decodeFrame, () => undefined))
    }
    expect(total).toBeGreaterThanOrEqual(1000)
    expect(Math.max(...times)).toBeLessThan(MAX_MS_EACH)
    expect((process.resourceUsage().maxRSS - before) / 1024).toBeLessThan(MAX_PEAK_RISE_MB)
    // both outcomes occur: the corruptions reach past the first check
    expect(outcomes.refused).toBeGreaterThan(total / 2)
    expect(outcomes.accepted).toBeGreaterThan(10)
  }, 120_000)
})

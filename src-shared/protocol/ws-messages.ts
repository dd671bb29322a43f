import { parseBoundedJson } from './bounded-json'
import { printable } from './printable'
import type { RunEvent } from './lab-api'

/**
 * Wire format of the web mode (`mflab serve`): the `LabApi` over one WebSocket.
 *
 * - The socket lives at `WS_PATH` on the same origin as the page; the upgrade must carry the session
 *   token (query `?token=` or the HttpOnly cookie set by the first page load) and, from a browser,
 *   the page's own `Origin`.
 * - Client → server: `{ type: 'invoke', id, method, args }`; the server answers each with exactly one
 *   `{ type: 'result', id, ok, value | error }` (ids are the client's, any order).
 * - Server → client: `{ type: 'hello' }` once, then `{ type: 'event', event }` for every RunEvent.
 * - Encoding (`encodeFrame` / `decodeFrame`): a message without typed arrays is a text frame of JSON.
 *   A message holding typed arrays is ONE binary frame:
 *   `'MFL1'` (4 bytes) · u32 LE header length H · H bytes of UTF-8 JSON · zero padding to a multiple
 *   of 8 · the arrays' raw little-endian bytes, each starting at a multiple of 8. In the JSON, each
 *   typed array is replaced by `{ "$ta": "Float32Array", "o": byteOffset, "n": length }` (offset from
 *   the start of the data section). Non-finite numbers, which JSON cannot hold, travel as
 *   `{ "$num": "NaN" | "Infinity" | "-Infinity" }`. No base64, no copies beyond one per array.
 */
export const PROTOCOL_VERSION = 1

/** Path of the WebSocket endpoint. */
export const WS_PATH = '/ws'

/** Name of the URL query parameter that carries the session token. */
export const TOKEN_PARAM = 'token'

/** Name of the HttpOnly cookie holding the token; per port, since cookies ignore ports. */
export function tokenCookieName(port: number): string {
  return `mflab_token_${port}`
}

/** An error as it crosses the socket. `issues` carries spec validation problems (path + message). */
export interface WireError {
  name: string
  message: string
  issues?: { path: string; message: string }[]
}

export interface InvokeMessage {
  type: 'invoke'
  /** Chosen by the client, echoed in the result. */
  id: number
  method: string
  args: unknown[]
}

export type ResultMessage =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: WireError }

export interface HelloMessage {
  type: 'hello'
  protocol: number
}

export interface EventMessage {
  type: 'event'
  event: RunEvent
}

export type ClientMessage = InvokeMessage
export type ServerMessage = HelloMessage | ResultMessage | EventMessage

/** Deepest nesting a frame's JSON may have; real messages nest fewer than ten levels. */
export const MAX_FRAME_DEPTH = 64

const MAGIC = [0x4d, 0x46, 0x4c, 0x31] // 'MFL1'

const TYPED_CTORS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array
} as const
type TypedName = keyof typeof TYPED_CTORS
type AnyTyped = InstanceType<(typeof TYPED_CTORS)[TypedName]>

function typedName(v: ArrayBufferView): TypedName | null {
  for (const [name, Ctor] of Object.entries(TYPED_CTORS))
    if (v instanceof Ctor) return name as TypedName
  return null
}

function align8(n: number): number {
  return (n + 7) & ~7
}

/** Encodes a message: a JSON string, or one binary frame when it holds typed arrays (see above). */
export function encodeFrame(message: ClientMessage | ServerMessage): string | Uint8Array {
  const arrays: AnyTyped[] = []
  let dataBytes = 0
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = typedName(value)
      if (!name) throw new TypeError(`cannot encode ${value.constructor.name}`)
      const o = dataBytes
      arrays.push(value as AnyTyped)
      dataBytes = align8(dataBytes + value.byteLength)
      return { $ta: name, o, n: (value as AnyTyped).length }
    }
    return value
  })
  if (arrays.length === 0) return json
  const header = new TextEncoder().encode(json)
  const dataStart = align8(8 + header.byteLength)
  const out = new Uint8Array(dataStart + dataBytes)
  out.set(MAGIC, 0)
  new DataView(out.buffer).setUint32(4, header.byteLength, true)
  out.set(header, 8)
  let offset = dataStart
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset)
    offset = align8(offset + a.byteLength)
  }
  return out
}

/**
 * Decodes a frame produced by `encodeFrame`. Throws on a malformed frame. What a frame decodes into
 * is bounded by its own size: the typed arrays it revives together hold at most the bytes of its
 * data section (markers that point at the same bytes again are refused), and its JSON nests at most
 * MAX_FRAME_DEPTH levels.
 */
export function decodeFrame(frame: string | ArrayBuffer | Uint8Array): unknown {
  try {
    return decodeFrameUnsafe(frame)
  } catch (e) {
    // JSON.parse quotes the frame's own bytes: one printable line, whatever they were
    const err = new Error(printable((e as Error).message ?? String(e), { maxChars: 300 }))
    err.name = 'FrameError'
    throw err
  }
}

function decodeFrameUnsafe(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return parseJson(frame, null, 0)
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame)
  if (bytes.byteLength < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error('not a Mean-Field Lab binary frame')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getUint32(4, true)
  if (8 + headerLength > bytes.byteLength) throw new Error('truncated binary frame header')
  const json = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))
  return parseJson(json, bytes, align8(8 + headerLength))
}

/**
 * JSON.parse, with the marker reviver only when the text can hold a marker: a reviver is called for
 * every value, which makes a metrics batch of 10³ records parse ≈ 3× slower on the page's main thread.
 * Every marker key starts with '$' (written as it is by JSON.stringify, or escaped by another writer).
 */
function parseJson(json: string, bytes: Uint8Array | null, dataStart: number): unknown {
  const mayHoldMarker = json.includes('"$') || json.includes('\\u0024')
  return parseBoundedJson(
    json,
    MAX_FRAME_DEPTH,
    mayHoldMarker ? reviver(bytes, dataStart) : undefined
  )
}

function reviver(bytes: Uint8Array | null, dataStart: number) {
  const budget = { left: bytes ? Math.max(0, bytes.byteLength - dataStart) : 0 }
  return (_key: string, value: unknown): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
    const v = value as Record<string, unknown>
    if (typeof v.$num === 'string') return Number(v.$num)
    if (typeof v.$ta === 'string') return reviveTyped(bytes, dataStart, v, budget)
    return value
  }
}

function reviveTyped(
  bytes: Uint8Array | null,
  dataStart: number,
  v: Record<string, unknown>,
  budget: { left: number }
) {
  const name = v.$ta as string
  if (!bytes || !(name in TYPED_CTORS)) throw new Error(`bad typed array marker ${name}`)
  const Ctor = TYPED_CTORS[name as TypedName]
  const o = Number(v.o)
  const n = Number(v.n)
  const start = dataStart + o
  const end = start + n * Ctor.BYTES_PER_ELEMENT
  if (!Number.isInteger(o) || !Number.isInteger(n) || o < 0 || n < 0 || end > bytes.byteLength) {
    throw new Error(`typed array ${name} out of frame bounds`)
  }
  budget.left -= end - start
  if (budget.left < 0)
    throw new Error('typed arrays in the frame decode to more bytes than the frame holds')
  // copy into a fresh, aligned buffer: the frame's own offset need not be aligned
  const copy = new Uint8Array(end - start)
  copy.set(bytes.subarray(start, end))
  return new Ctor(copy.buffer)
}

/** Narrows a decoded value to an invoke message (shape only; the arguments are validated later). */
export function isInvokeMessage(m: unknown): m is InvokeMessage {
  if (m === null || typeof m !== 'object') return false
  const v = m as Record<string, unknown>
  return (
    v.type === 'invoke' &&
    typeof v.id === 'number' &&
    Number.isSafeInteger(v.id) &&
    typeof v.method === 'string' &&
    Array.isArray(v.args)
  )
}

/** Narrows a decoded value to a server message (shape only). */
export function isServerMessage(m: unknown): m is ServerMessage {
  if (m === null || typeof m !== 'object') return false
  const t = (m as Record<string, unknown>).type
  return t === 'hello' || t === 'result' || t === 'event'
}

/** Turns any thrown value into a WireError (keeps spec issues when the error carries them). */
export function toWireError(e: unknown): WireError {
  if (e instanceof Error) {
    const issues = (e as Error & { issues?: unknown }).issues
    const out: WireError = { name: e.name, message: e.message }
    if (Array.isArray(issues)) {
      out.issues = issues
        .filter(
          (i): i is { path: unknown; message: unknown } => i !== null && typeof i === 'object'
        )
        .map((i) => ({
          path: Array.isArray(i.path) ? i.path.join('.') : String(i.path),
          message: String(i.message)
        }))
    }
    return out
  }
  return { name: 'Error', message: String(e) }
}

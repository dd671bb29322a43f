/**
 * Little-endian float arrays as bytes, the encoding of every binary entry of a session file.
 * Fast path on little-endian hosts (all supported platforms); a DataView path otherwise.
 */

/** Element type of a binary entry: float64 or float32, little-endian. */
export type Dtype = 'f64' | 'f32'

/** Bytes per element of a dtype. */
export const DTYPE_BYTES: Record<Dtype, number> = { f64: 8, f32: 4 }

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** The little-endian bytes of a float array (a fresh copy). */
export function floatsToBytes(values: Float64Array | Float32Array, dtype: Dtype): Uint8Array {
  const n = values.length
  const typed = dtype === 'f64' ? Float64Array.from(values) : Float32Array.from(values)
  if (HOST_LE) return new Uint8Array(typed.buffer, 0, n * DTYPE_BYTES[dtype])
  const out = new Uint8Array(n * DTYPE_BYTES[dtype])
  const view = new DataView(out.buffer)
  for (let i = 0; i < n; i++)
    if (dtype === 'f64') view.setFloat64(i * 8, values[i], true)
    else view.setFloat32(i * 4, values[i], true)
  return out
}

/** Decodes little-endian bytes (any alignment; length must be a multiple of the element size). */
export function bytesToFloat64(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.length / 8)
  if (HOST_LE) new Uint8Array(out.buffer).set(bytes)
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true)
  }
  return out
}

/** Decodes little-endian float32 bytes (any alignment). */
export function bytesToFloat32(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / 4)
  if (HOST_LE) new Uint8Array(out.buffer).set(bytes)
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true)
  }
  return out
}

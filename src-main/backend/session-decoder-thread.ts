import type { MessagePort } from 'node:worker_threads'
import type { DecodeReply, DecodeRequest } from './session-decoder'
import { loadSessionFile } from './session-store'

/** The decoder role of the compute worker: one session file per request, arrays transferred. */
export function serveSessionDecoder(port: MessagePort): void {
  port.on('message', (req: DecodeRequest) => {
    loadSessionFile(req.path).then(
      ({ session }) => {
        const buffers = new Set<ArrayBuffer>()
        collectBuffers(session, buffers, 0)
        port.postMessage({ id: req.id, ok: true, session } satisfies DecodeReply, [...buffers])
      },
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e))
        port.postMessage({
          id: req.id,
          ok: false,
          name: err.name,
          message: err.message
        } satisfies DecodeReply)
      }
    )
  })
  port.postMessage({ ready: true } satisfies DecodeReply)
}

/** The buffers of every typed array in the session (each moved once, not copied). */
function collectBuffers(v: unknown, out: Set<ArrayBuffer>, depth: number): void {
  if (depth > 8 || v === null || typeof v !== 'object') return
  if (ArrayBuffer.isView(v)) {
    if (
      v.buffer instanceof ArrayBuffer &&
      v.byteOffset === 0 &&
      v.byteLength === v.buffer.byteLength
    )
      out.add(v.buffer)
    return
  }
  for (const x of Object.values(v)) collectBuffers(x, out, depth + 1)
}

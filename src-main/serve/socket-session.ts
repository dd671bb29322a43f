import type { WebSocket, RawData } from 'ws'
import { validateInvoke } from '@shared/protocol/arg-schemas'
import type { InvokeMethod } from '@shared/protocol/channels'
import type { LabApi, RunEvent } from '@shared/protocol/lab-api'
import {
  PROTOCOL_VERSION,
  decodeFrame,
  encodeFrame,
  isInvokeMessage,
  toWireError,
  type ServerMessage
} from '@shared/protocol/ws-messages'

/** Above this many queued bytes on a socket, bulky events (particles, histograms) are dropped. */
export const BULKY_EVENT_BACKLOG_BYTES = 4 * 1024 * 1024

const BULKY: ReadonlySet<RunEvent['kind']> = new Set(['particles', 'histogram'])

/**
 * Serves the LabApi on one authenticated socket: answers invokes (validated with `validateInvoke`
 * before the backend sees them) and pushes every RunEvent. Returns a function that detaches it.
 */
export function attachSocket(
  ws: WebSocket,
  backend: LabApi,
  log: (line: string) => void
): () => void {
  const send = (m: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return
    const frame = encodeFrame(m)
    ws.send(frame, { binary: typeof frame !== 'string' })
  }

  const unsubscribe = backend.onRunEvent((event) => {
    // a slow tab must not make the server buffer snapshots without bound; metrics always go
    if (BULKY.has(event.kind) && ws.bufferedAmount > BULKY_EVENT_BACKLOG_BYTES) return
    send({ type: 'event', event })
  })

  ws.on('message', (data: RawData, isBinary: boolean) => {
    let msg: unknown
    try {
      msg = decodeFrame(isBinary ? toBytes(data) : toBytes(data).toString('utf8'))
    } catch (e) {
      log(`socket: undecodable frame (${(e as Error).message})`)
      ws.close(1003, 'undecodable frame')
      return
    }
    if (!isInvokeMessage(msg)) {
      ws.close(1003, 'not an invoke message')
      return
    }
    const { id, method, args } = msg
    void invoke(backend, method, args).then(
      (value) => send({ type: 'result', id, ok: true, value }),
      (e: unknown) => send({ type: 'result', id, ok: false, error: toWireError(e) })
    )
  })

  const detach = () => unsubscribe()
  ws.on('close', detach)
  ws.on('error', (e) => log(`socket error: ${e.message}`))
  send({ type: 'hello', protocol: PROTOCOL_VERSION })
  return detach
}

async function invoke(backend: LabApi, method: string, rawArgs: unknown[]): Promise<unknown> {
  const args = validateInvoke(method, rawArgs)
  const fn = backend[method as InvokeMethod] as (...a: unknown[]) => Promise<unknown>
  return fn.apply(backend, args)
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}

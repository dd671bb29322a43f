import { invokeMethods, type InvokeMethod } from '@shared/protocol/channels'
import type { LabApi, RunEvent } from '@shared/protocol/lab-api'
import {
  decodeFrame,
  encodeFrame,
  isServerMessage,
  type InvokeMessage,
  type ServerMessage,
  type WireError
} from '@shared/protocol/ws-messages'

/** The part of the WebSocket API the client uses (the browser's, or the `ws` package's in tests). */
export interface WebSocketLike {
  binaryType: string
  readonly readyState: number
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: { code: number; reason: string }) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  send(data: string | ArrayBufferView | ArrayBuffer): void
  close(code?: number, reason?: string): void
}

export interface WsClientOptions {
  /** Full socket URL, token included, e.g. `ws://127.0.0.1:PORT/ws?token=…`. */
  url: string
  /** Opens a socket (`(u) => new WebSocket(u)` in a browser). */
  connect: (url: string) => WebSocketLike
  /** Delays between reconnection attempts, ms; the last one repeats. */
  retryDelaysMs?: number[]
  /** Told whenever the connection opens or drops (for an "offline" banner). */
  onConnectionChange?: (connected: boolean, reason: string) => void
}

/** The WebSocket implementation of LabApi, plus `close()` for tests and page unload. */
export type WsLabApi = LabApi & { close(): void }

/** An error raised by the server for a call, with spec/argument issues when it has them. */
export class RemoteError extends Error {
  readonly issues: { path: string; message: string }[]
  constructor(e: WireError) {
    super(e.message)
    this.name = e.name
    this.issues = e.issues ?? []
  }
}

const OPEN = 1

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

/**
 * LabApi over the web-mode socket (protocol: `src-shared/protocol/ws-messages.ts`). Calls made
 * before the socket opens wait for it; calls in flight when it drops are rejected; it reconnects
 * by itself, and run events resume once it is back (runs keep going on the server meanwhile).
 */
export function createWsLabApi(opts: WsClientOptions): WsLabApi {
  const delays = opts.retryDelaysMs ?? [250, 500, 1000, 2000, 5000]
  const listeners = new Set<(e: RunEvent) => void>()
  const pending = new Map<number, Pending>()
  const outbox: InvokeMessage[] = []
  let nextId = 1
  let attempt = 0
  let closed = false
  let ws: WebSocketLike | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null

  function open() {
    if (closed) return
    const sock = opts.connect(opts.url)
    ws = sock
    sock.binaryType = 'arraybuffer'
    sock.onopen = () => {
      attempt = 0
      opts.onConnectionChange?.(true, 'connected')
      for (const m of outbox.splice(0)) transmit(sock, m)
    }
    sock.onmessage = (ev) => onFrame(ev.data)
    sock.onerror = () => {
      // the close event that follows carries the outcome
    }
    sock.onclose = (ev) => {
      if (ws === sock) ws = null
      const reason = `connection to mflab serve closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`
      for (const [id, p] of pending) {
        pending.delete(id)
        p.reject(new Error(reason))
      }
      opts.onConnectionChange?.(false, reason)
      if (!closed) {
        const delay = delays[Math.min(attempt++, delays.length - 1)]
        retryTimer = setTimeout(open, delay)
      }
    }
  }

  function transmit(sock: WebSocketLike, m: InvokeMessage) {
    const frame = encodeFrame(m)
    sock.send(frame)
  }

  function onFrame(data: unknown) {
    let msg: unknown
    try {
      msg = decodeFrame(
        typeof data === 'string' ? data : data instanceof ArrayBuffer ? data : (data as Uint8Array)
      )
    } catch {
      return
    }
    if (!isServerMessage(msg)) return
    dispatch(msg)
  }

  function dispatch(msg: ServerMessage) {
    if (msg.type === 'event') {
      for (const l of [...listeners]) l(msg.event)
    } else if (msg.type === 'result') {
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      if (msg.ok) p.resolve(msg.value)
      else p.reject(new RemoteError(msg.error))
    }
  }

  function call(method: InvokeMethod, args: unknown[]): Promise<unknown> {
    if (closed) return Promise.reject(new Error('the lab client is closed'))
    // a trailing undefined would travel as null and fail the optional-argument schema
    while (args.length && args[args.length - 1] === undefined) args = args.slice(0, -1)
    const m: InvokeMessage = { type: 'invoke', id: nextId++, method, args }
    return new Promise((resolve, reject) => {
      pending.set(m.id, { resolve, reject })
      if (ws && ws.readyState === OPEN) transmit(ws, m)
      else outbox.push(m)
    })
  }

  const api = Object.fromEntries(
    invokeMethods.map((m) => [m, (...args: unknown[]) => call(m, args)])
  ) as unknown as Omit<LabApi, 'onRunEvent' | 'onAppCommand'>

  open()

  return {
    ...api,
    onRunEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      if (retryTimer) clearTimeout(retryTimer)
      ws?.close(1000, 'client closed')
      for (const [, p] of pending) p.reject(new Error('the lab client is closed'))
      pending.clear()
    }
  }
}

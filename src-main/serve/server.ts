import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { LabApi } from '@shared/protocol/lab-api'
import { TOKEN_PARAM, WS_PATH } from '@shared/protocol/ws-messages'
import { LOOPBACK_HOST, checkRequest, newToken, securityHeaders, tokenCookie } from './security'
import { attachSocket } from './socket-session'
import { readStatic } from './static-files'

/** Largest frame a client may send (a spec is a few kB; CSV rows are bounded by the spec schema). */
export const MAX_CLIENT_FRAME_BYTES = 8 * 1024 * 1024

export interface ServerOptions {
  /** The backend to expose (usually `createLabBackend(...)`); the server never shuts it down. */
  backend: LabApi
  /** Folder of the built renderer (`out/renderer`); null serves a page saying it is not built. */
  rendererDir: string | null
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Must be 127.0.0.1 (or `localhost`, the same); anything else is refused. */
  host?: string
  /** Session token; a fresh random one by default. Tests may fix it. */
  token?: string
  /** Receives one line per notable event (refused requests, socket errors). */
  log?: (line: string) => void
}

export interface RunningServer {
  /** The URL to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string
  port: number
  token: string
  /** The address actually bound (always 127.0.0.1). */
  address: string
  /** Closes every socket and the listener. */
  close(): Promise<void>
}

/** Raised for options the server refuses (e.g. a non-loopback host). */
export class ServeOptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ServeOptionError'
  }
}

/**
 * Starts web mode: an HTTP server on 127.0.0.1 serving the renderer with a strict CSP and COOP/COEP,
 * and the LabApi on a WebSocket at `WS_PATH`. Every request and the socket upgrade need the token
 * (query or cookie), a loopback Host and, when the browser sends one, our own Origin.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? LOOPBACK_HOST
  if (host !== LOOPBACK_HOST && host !== 'localhost') {
    throw new ServeOptionError(
      `refusing to listen on ${host}: web mode only listens on ${LOOPBACK_HOST} (loopback)`
    )
  }
  const requestedPort = opts.port ?? 0
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new ServeOptionError(`bad port ${String(opts.port)}: expected an integer 0–65535`)
  }
  const token = opts.token ?? newToken()
  const log = opts.log ?? (() => {})
  let port = 0

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((e: unknown) => {
      log(`http error: ${(e as Error).message}`)
      if (!res.headersSent) plain(res, 500, 'internal error')
      else res.destroy()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const verdict = checkRequest(req, url, port, token)
    if (!verdict.ok) {
      log(`refused ${req.method} ${url.pathname}: ${verdict.reason}`)
      refusePage(res, verdict.status, verdict.reason)
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      plain(res, 405, 'method not allowed')
      return
    }
    if (verdict.setCookie) res.setHeader('Set-Cookie', tokenCookie(port, token))
    if (!opts.rendererDir) {
      plain(res, 503, 'renderer not built: run `npx electron-vite build` first')
      return
    }
    const file = await readStatic(opts.rendererDir, url.pathname)
    if (!file) {
      plain(res, 404, 'not found')
      return
    }
    for (const [k, v] of Object.entries(securityHeaders(port))) res.setHeader(k, v)
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length })
    res.end(req.method === 'HEAD' ? undefined : file.body)
  }

  function refusePage(res: ServerResponse, status: number, reason: string) {
    const why =
      status === 401
        ? 'This page needs the token printed by <code>mflab serve</code>.'
        : `Access refused (${escapeHtml(reason)}).`
    const html =
      `<!doctype html><meta charset="utf-8"><title>Mean-Field Lab: ${status}</title>` +
      `<h1>${status === 401 ? 'Token required' : 'Forbidden'}</h1><p>${why}</p>` +
      `<p>Open the exact URL <code>mflab serve</code> printed, e.g. ` +
      `<code>http://127.0.0.1:PORT/?${TOKEN_PARAM}=…</code>.</p>`
    for (const [k, v] of Object.entries(securityHeaders(port))) res.setHeader(k, v)
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html)
  }

  function plain(res: ServerResponse, status: number, text: string) {
    for (const [k, v] of Object.entries(securityHeaders(port))) res.setHeader(k, v)
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(text + '\n')
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const verdict =
      url.pathname === WS_PATH
        ? checkRequest(req, url, port, token)
        : { ok: false as const, status: 404, reason: 'no socket here' }
    if (!verdict.ok) {
      log(`refused socket ${url.pathname}: ${verdict.reason}`)
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\n` +
          'Connection: close\r\nContent-Type: text/plain\r\n' +
          `Content-Length: ${Buffer.byteLength(verdict.reason)}\r\n\r\n${verdict.reason}`
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, opts.backend, log))
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(requestedPort, LOOPBACK_HOST, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  const bound = server.address() as AddressInfo
  port = bound.port

  return {
    url: `http://${LOOPBACK_HOST}:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    address: bound.address,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolveClose())
      })
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_PARAM, tokenCookieName } from '@shared/protocol/ws-messages'

/** The only interface web mode listens on. */
export const LOOPBACK_HOST = '127.0.0.1'

/** A fresh session token: 32 random bytes, hex (64 characters). */
export function newToken(): string {
  return randomBytes(32).toString('hex')
}

/** Constant-time comparison of a presented token with the server's. */
export function tokenMatches(presented: string, token: string): boolean {
  const a = Buffer.from(presented, 'utf8')
  const b = Buffer.from(token, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Host names a browser may use to reach this server (a DNS-rebinding page would send its own). */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

/** Origins of our own page. */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
}

/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim())
  }
  return out
}

/**
 * What the request presents as its token: the query parameter if there is one, else the cookie.
 * `source` says which, so the server can set the cookie on the first valid query token.
 */
export function presentedToken(
  req: IncomingMessage,
  url: URL,
  port: number
): { value: string; source: 'query' | 'cookie' } | null {
  const q = url.searchParams.get(TOKEN_PARAM)
  if (q !== null) return { value: q, source: 'query' }
  const c = parseCookies(req.headers.cookie).get(tokenCookieName(port))
  return c !== undefined ? { value: c, source: 'cookie' } : null
}

/** The verdict on one request: allowed, or refused with an HTTP status and a one-line reason. */
export type Verdict =
  { ok: true; setCookie: boolean } | { ok: false; status: number; reason: string }

/**
 * Checks Host, Origin and token of a request (HTTP or WebSocket upgrade).
 * - Host must be 127.0.0.1:PORT or localhost:PORT (defeats DNS rebinding).
 * - An Origin header, when present, must be our own page's (a foreign page may not drive us).
 * - The token must be presented (401 if absent) and correct (403 if wrong).
 */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): Verdict {
  if (!allowedHosts(port).has(req.headers.host ?? '')) {
    return { ok: false, status: 403, reason: 'unexpected Host header' }
  }
  const origin = req.headers.origin
  if (origin !== undefined && !allowedOrigins(port).has(origin)) {
    return { ok: false, status: 403, reason: 'foreign Origin' }
  }
  const presented = presentedToken(req, url, port)
  if (!presented) return { ok: false, status: 401, reason: 'missing token' }
  if (!tokenMatches(presented.value, token)) {
    return { ok: false, status: 403, reason: 'wrong token' }
  }
  return { ok: true, setCookie: presented.source === 'query' }
}

/** The Set-Cookie value that lets reloads and the socket work without the token in the URL. */
export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`
}

/**
 * Content-Security-Policy of every page: scripts only from this origin (plus WebAssembly compilation
 * for the engine's webasm path), the socket only to ourselves, no framing, no plugins, no forms.
 * Inline styles are allowed because chart.js and KaTeX set style attributes; inline scripts are not.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'"
  ].join('; ')
}

/** Headers sent with every response. COOP/COEP make the page cross-origin isolated (SharedArrayBuffer). */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // the token is in the first URL: never leak it through Referer
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  }
}

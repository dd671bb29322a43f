import { posix, resolve, sep } from 'node:path'

/** Scheme and host under which the packaged renderer is served (a standard, secure origin). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'mflab'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** The page the window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The Content-Security-Policy of every app page. `'unsafe-inline'` styles: Vue style bindings and
 * KaTeX's inline `style` attributes need it; scripts stay `'self'` only. `'wasm-unsafe-eval'` and
 * blob: workers are what gpu.js's webasm backend needs (compile WASM, spawn its thread pool); neither
 * allows JavaScript `eval`. In development the Vite server's origin (and its HMR socket) is added.
 */
export function contentSecurityPolicy(devUrl?: string): string {
  const dev = devUrl ? new URL(devUrl) : null
  const devSocket = dev ? ` ${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}` : ''
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${devSocket}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/**
 * Response headers added to every app page: the CSP, and COOP/COEP so the page is
 * cross-origin isolated (SharedArrayBuffer exists and webasm threads run, TOOLCHAIN.md §3).
 */
export function securityHeaders(devUrl?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(devUrl),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff'
  }
}

/**
 * Merges the security headers into a response's headers (shape of Electron's `responseHeaders`),
 * replacing any same-named header whatever its case, so a server cannot weaken them.
 */
export function withSecurityHeaders(
  headers: Record<string, string | string[]> | undefined,
  devUrl?: string
): Record<string, string[]> {
  const ours = securityHeaders(devUrl)
  const lower = new Set(Object.keys(ours).map((k) => k.toLowerCase()))
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(headers ?? {}))
    if (!lower.has(k.toLowerCase())) out[k] = Array.isArray(v) ? v : [v]
  for (const [k, v] of Object.entries(ours)) out[k] = [v]
  return out
}

/** Whether a URL belongs to the app itself (the packaged origin, or the dev server in development). */
export function isAppUrl(url: string, devUrl?: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
  return devUrl !== undefined && devUrl !== '' && u.origin === new URL(devUrl).origin
}

/**
 * The file under `root` that an app URL names, or null when the URL is not ours or escapes `root`
 * (`..`, encoded separators). Directory URLs map to their `index.html`.
 */
export function appUrlToFile(root: string, url: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const rel = posix.normalize(pathname.endsWith('/') ? `${pathname}index.html` : pathname)
  const base = resolve(root)
  const file = resolve(base, `.${rel}`)
  return file.startsWith(base + sep) ? file : null
}

const MIME_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  wasm: 'application/wasm'
}

/** Content type of an app file, from its extension. */
export function mimeTypeOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase()
  return MIME_TYPES[ext] ?? 'application/octet-stream'
}

import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  appUrlToFile,
  contentSecurityPolicy,
  isAppUrl,
  mimeTypeOf,
  withSecurityHeaders
} from '../../../src-main/electron/security'

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    })
  )

describe('content security policy', () => {
  it('allows only the app itself to run scripts and load content', () => {
    const d = directives(contentSecurityPolicy())
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(d.get('connect-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
    expect(d.get('font-src')).toEqual(["'self'", 'data:'])
    expect(contentSecurityPolicy()).not.toMatch(/'unsafe-eval'|https?:|\*/)
  })

  it('adds only the dev server socket in development', () => {
    const d = directives(contentSecurityPolicy('http://localhost:5173/'))
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
  })

  it('overrides weaker headers from a server whatever their case, and keeps the others', () => {
    const h = withSecurityHeaders({
      'content-security-policy': "default-src *; script-src 'unsafe-eval'",
      'CROSS-ORIGIN-OPENER-POLICY': 'unsafe-none',
      'Content-Type': 'text/html'
    })
    expect(Object.keys(h).filter((k) => /content-security-policy/i.test(k))).toEqual([
      'Content-Security-Policy'
    ])
    expect(h['Content-Security-Policy']).toEqual([contentSecurityPolicy()])
    expect(h['Cross-Origin-Opener-Policy']).toEqual(['same-origin'])
    expect(h['Cross-Origin-Embedder-Policy']).toEqual(['require-corp'])
    expect(h['Content-Type']).toEqual(['text/html'])
  })
})

describe('app URLs', () => {
  it('recognises the app origin and, in development only, the dev server', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('app://mflab/assets/index.js')).toBe(true)
    expect(isAppUrl('app://evil/index.html')).toBe(false)
    expect(isAppUrl('https://example.com/')).toBe(false)
    expect(isAppUrl('file:///etc/passwd')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(false)
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })

  it('maps app URLs to files inside the renderer folder and nowhere else', () => {
    const root = resolve('/opt/lab/out/renderer')
    expect(appUrlToFile(root, 'app://mflab/index.html')).toBe(join(root, 'index.html'))
    expect(appUrlToFile(root, 'app://mflab/')).toBe(join(root, 'index.html'))
    expect(appUrlToFile(root, 'app://mflab/assets/a.js?v=1#x')).toBe(join(root, 'assets/a.js'))
    expect(appUrlToFile(root, 'app://mflab/../../etc/passwd')).toBe(join(root, 'etc/passwd'))
    // Dot segments, plain or percent-encoded, can climb at most to the root itself.
    expect(appUrlToFile(root, 'app://mflab/%2e%2e/%2e%2e/etc/passwd')).toBe(
      join(root, 'etc/passwd')
    )
    expect(appUrlToFile(root, 'app://mflab/assets/..%2f..%2f..%2fsecret')).toBe(
      join(root, 'secret')
    )
    expect(appUrlToFile(root, 'app://mflab/..')).toBeNull()
    expect(appUrlToFile(root, 'app://mflab/a%5c..%5c..%5csecret')).toBeNull()
    expect(appUrlToFile(root, 'app://mflab/%00')).toBeNull()
    expect(appUrlToFile(root, 'app://other/index.html')).toBeNull()
    expect(appUrlToFile(root, 'file:///etc/passwd')).toBeNull()
  })

  it('serves known types with their MIME type', () => {
    expect(mimeTypeOf('/x/index.html')).toMatch(/^text\/html/)
    expect(mimeTypeOf('/x/a.JS')).toMatch(/^text\/javascript/)
    expect(mimeTypeOf('/x/k.wasm')).toBe('application/wasm')
    expect(mimeTypeOf('/x/blob')).toBe('application/octet-stream')
  })
})

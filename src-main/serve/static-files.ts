import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8'
}

/** A file to send: its bytes and content type. */
export interface StaticFile {
  body: Buffer
  contentType: string
}

/**
 * Resolves a URL path inside `root` and reads it. Paths that escape the root (`..`, encoded or not)
 * resolve to null, as do missing files; a path without an extension falls back to index.html so a
 * reload on a client-side route still loads the app.
 */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rootAbs = resolve(root)
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = resolve(rootAbs, rel)
  const inside = relative(rootAbs, file)
  if (inside.startsWith('..') || inside.startsWith(sep) || resolve(rootAbs, inside) !== file) {
    return null
  }
  const target = (await isFile(file)) ? file : extname(file) ? null : join(rootAbs, 'index.html')
  if (!target || !(await isFile(target))) return null
  return {
    body: await readFile(target),
    contentType: CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream'
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

/**
 * Where the built renderer is: next to the bundled CLI (`out/cli/../renderer`), or `out/renderer`
 * under the working directory or the repository (when running from source).
 */
export function findRendererDir(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd()
  const candidates = [
    join(here, '..', 'renderer'),
    join(process.cwd(), 'out', 'renderer'),
    join(here, '..', '..', 'out', 'renderer')
  ]
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? null
}

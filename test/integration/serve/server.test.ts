import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { startServer, type RunningServer } from '../../../src-main/serve/server'
import { tokenCookieName, WS_PATH } from '@shared/protocol/ws-messages'
import { listPresets, presetSpec } from '@shared/spec/presets'
import type { RunEvent } from '@shared/protocol/lab-api'
import { parseServeArgs, runServeCommand } from '../../../src-main/serve/serve-command'
import { workerBundle } from '../backend/worker-bundle'
import {
  createWsLabApi,
  RemoteError,
  type WebSocketLike
} from '../../../src-renderer/src/api/ws-lab-client'

interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function http(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; host?: string } = {}
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: opts.host ?? '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

/** Tries a socket upgrade; resolves with 'open' or the HTTP status of the refusal. */
function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? -1)
      res.resume()
    })
    ws.on('error', () => resolve(-1))
  })
}

describe('mflab serve: web server security and API', () => {
  let dir: string
  let server: RunningServer
  let backend: ReturnType<typeof createLabBackend>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mflab-serve-'))
    const renderer = join(dir, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>lab</title><p>app page</p>')
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer')
    backend = createLabBackend({
      sessionsDir: join(dir, 'sessions'),
      workerPath: await workerBundle()
    })
    server = await startServer({ backend, rendererDir: renderer, port: 0 })
  })

  afterAll(async () => {
    await server?.close()
    await backend?.shutdown()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints a URL with a 32-byte hex token and listens on loopback only', () => {
    expect(server.token).toMatch(/^[0-9a-f]{64}$/)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.address).toBe('127.0.0.1')
  })

  it('is not reachable on a non-loopback address of this machine', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    if (!external) return // a machine with only loopback: nothing else to try
    const r = await http(server.port, '/', { host: external.address }).catch((e: Error) => e)
    expect(r).toBeInstanceOf(Error)
    expect((r as NodeJS.ErrnoException).code).toBe('ECONNREFUSED')
  })

  it('refuses to start on a non-loopback host', async () => {
    await expect(startServer({ backend, rendererDir: null, host: '0.0.0.0' })).rejects.toThrow(
      /only listens on 127\.0\.0\.1/
    )
  })

  it('answers 401 without a token and 403 with a wrong one', async () => {
    const none = await http(server.port, '/')
    expect(none.status).toBe(401)
    expect(none.body).not.toContain('app page')
    const wrong = await http(server.port, `/?token=${'0'.repeat(64)}`)
    expect(wrong.status).toBe(403)
    const short = await http(server.port, '/?token=abc')
    expect(short.status).toBe(403)
    const asset = await http(server.port, '/assets/app.js')
    expect(asset.status).toBe(401)
  })

  it('serves the page with CSP, COOP/COEP and an HttpOnly SameSite=Strict cookie for a valid token', async () => {
    const r = await http(server.port, `/?token=${server.token}`)
    expect(r.status).toBe(200)
    expect(r.body).toContain('app page')
    const csp = String(r.headers['content-security-policy'])
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp')
    expect(r.headers['referrer-policy']).toBe('no-referrer')
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).join('\n')
    expect(cookie).toContain(`${tokenCookieName(server.port)}=${server.token}`)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
  })

  it('accepts the cookie instead of the query token, and refuses a wrong cookie', async () => {
    const name = tokenCookieName(server.port)
    const ok = await http(server.port, '/assets/app.js', {
      headers: { cookie: `${name}=${server.token}` }
    })
    expect(ok.status).toBe(200)
    expect(ok.headers['content-type']).toContain('javascript')
    const bad = await http(server.port, '/assets/app.js', { headers: { cookie: `${name}=nope` } })
    expect(bad.status).toBe(403)
  })

  it('does not serve files outside the renderer folder', async () => {
    const t = `token=${server.token}`
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await http(server.port, `${p}?${t}`)
      expect(r.body).not.toContain('outside the renderer')
    }
  })

  it('refuses a foreign Host header (DNS rebinding) and foreign Origin on HTTP', async () => {
    const t = `token=${server.token}`
    const rebound = await http(server.port, `/?${t}`, {
      headers: { host: `evil.example:${server.port}` }
    })
    expect(rebound.status).toBe(403)
    const foreign = await http(server.port, `/?${t}`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' }
    })
    expect(foreign.status).toBe(403)
    const post = await http(server.port, `/?${t}`, {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${server.port}` }
    })
    expect(post.status).toBe(405)
  })

  it('refuses socket upgrades without token, with a wrong token, or from a foreign Origin', async () => {
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`
    expect(await tryUpgrade(base)).toBe(401)
    expect(await tryUpgrade(`${base}?token=${'f'.repeat(64)}`)).toBe(403)
    expect(
      await tryUpgrade(`${base}?token=${server.token}`, { Origin: 'http://evil.example' })
    ).toBe(403)
    expect(
      await tryUpgrade(`${base}?token=${server.token}`, {
        Origin: `http://localhost:${server.port}`
      })
    ).toBe('open')
    expect(
      await tryUpgrade(base, { Cookie: `${tokenCookieName(server.port)}=${server.token}` })
    ).toBe('open')
  })

  it('lets a valid client list presets and reports bad arguments with their path', async () => {
    const api = createWsLabApi({
      url: `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`,
      connect: (u) =>
        new WebSocket(u, {
          headers: { Origin: `http://127.0.0.1:${server.port}` }
        }) as unknown as WebSocketLike
    })
    try {
      const presets = await api.listPresets()
      expect(presets.map((p) => p.id)).toEqual(listPresets().map((p) => p.id))
      expect(presets[0].title.length).toBeGreaterThan(0)
      const err = await api.controlRun('no such run!', 'pause').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RemoteError)
      expect((err as RemoteError).issues[0].path).toBe('id')
      const spec = await api.presetSpec('mmn-two-gaussians')
      expect(spec.model.width).toBeGreaterThan(0)
    } finally {
      api.close()
    }
  })

  it('streams a run over the socket: metrics as JSON, particles as binary typed arrays', async () => {
    const api = createWsLabApi({
      url: `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`,
      connect: (u) => new WebSocket(u) as unknown as WebSocketLike
    })
    const events: RunEvent[] = []
    api.onRunEvent((e) => events.push(e))
    try {
      const base = presetSpec('mmn-two-gaussians', { size: 'ci' })
      const id = await api.startRun({
        ...base,
        task: { ...base.task, dim: 6 },
        model: { ...base.model, width: 12 },
        dynamics: { ...base.dynamics, steps: 2000 },
        observe: { ...base.observe, every: 250, snapshotEvery: 1000, riskSamples: 100 },
        compute: { ...base.compute, backend: 'js' }
      })
      const t0 = Date.now()
      while (
        !events.some((e) => e.kind === 'status' && e.runId === id && e.status === 'completed')
      ) {
        if (Date.now() - t0 > 60_000) throw new Error('run did not complete')
        await new Promise((r) => setTimeout(r, 50))
      }
      const records = events.flatMap((e) => (e.kind === 'metrics' ? e.records : []))
      expect(records.at(-1)?.step).toBe(2000)
      const p = events.find((e) => e.kind === 'particles')
      expect(p?.kind === 'particles' && p.w).toBeInstanceOf(Float32Array)
      expect(p?.kind === 'particles' && p.w.length).toBe(12 * 6)
      const data = await api.loadSession(id)
      expect(data.particles?.a).toBeInstanceOf(Float32Array)
      // the series cross the socket as they are held: typed, not copied into plain arrays
      expect(data.series.step).toBeInstanceOf(Float64Array)
      expect(Array.from(data.series.step)).toEqual(records.map((r) => r.step))
      expect((await api.listSessions()).find((s) => s.id === id)?.status).toBe('completed')
    } finally {
      api.close()
    }
  })
})

describe('web-mode client connection', () => {
  it('reconnects by itself when the server comes back; calls made while it is down wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mflab-reconnect-'))
    const backend = createLabBackend({ sessionsDir: join(dir, 'sessions') })
    const first = await startServer({ backend, rendererDir: null })
    const changes: boolean[] = []
    const api = createWsLabApi({
      url: `ws://127.0.0.1:${first.port}${WS_PATH}?token=${first.token}`,
      connect: (u) => new WebSocket(u) as unknown as WebSocketLike,
      retryDelaysMs: [50],
      onConnectionChange: (c) => changes.push(c)
    })
    try {
      expect((await api.listPresets()).length).toBeGreaterThan(0)
      await first.close()
      while (!changes.includes(false)) await new Promise((r) => setTimeout(r, 20))
      const waiting = api.listPresets()
      const second = await startServer({
        backend,
        rendererDir: null,
        port: first.port,
        token: first.token
      })
      try {
        expect((await waiting).length).toBeGreaterThan(0)
        expect(changes.filter((c) => c)).toHaveLength(2)
      } finally {
        await second.close()
      }
    } finally {
      api.close()
      await backend.shutdown()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('mflab serve command line', () => {
  it('refuses a non-loopback --host with exit code 2 and one line', async () => {
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/only listens on 127\.0\.0\.1/)
    expect(() => parseServeArgs(['--port', 'x'])).toThrow(/--port/)
    expect(parseServeArgs(['--port=8123', '--sessions', '/tmp/s']).port).toBe(8123)
    // the settings never land beside an arbitrary --sessions folder
    expect(parseServeArgs(['--sessions', '/tmp/s'], {}).settingsFile).toMatch(
      /\.mflab[/\\]settings\.json$/
    )
    expect(parseServeArgs(['--settings', '/tmp/x/s.json'], {}).settingsFile).toBe('/tmp/x/s.json')
    expect(parseServeArgs([], { MFLAB_SETTINGS: '/tmp/y.json' }).settingsFile).toBe('/tmp/y.json')
    const writes: string[] = []
    const orig = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((c: string) => (
      writes.push(String(c)),
      true
    )) as typeof process.stderr.write
    try {
      expect(await runServeCommand(['--host', '192.168.1.1'])).toBe(2)
    } finally {
      process.stderr.write = orig
    }
    expect(writes.join('')).toMatch(
      /^mflab serve: --host 192\.168\.1\.1: web mode only listens on 127\.0\.0\.1/
    )
    expect(writes.join('').split('\n').filter(Boolean)).toHaveLength(1)
  })
})

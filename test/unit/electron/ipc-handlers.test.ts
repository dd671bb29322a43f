import { describe, expect, it, vi } from 'vitest'
import { createIpcHandlers, UntrustedSenderError } from '../../../src-main/electron/ipc-handlers'
import { InvokeError } from '@shared/protocol/arg-schemas'
import { invokeMethods } from '@shared/protocol/channels'
import type { LabApi } from '@shared/protocol/lab-api'

/** A backend whose every method records its call and answers with a marker. */
function recordingBackend() {
  const calls: [string, unknown[]][] = []
  const backend = Object.fromEntries(
    invokeMethods.map((m) => [
      m,
      vi.fn(async (...args: unknown[]) => {
        calls.push([m, args])
        return m === 'startRun' ? 'run-42' : `${m}-result`
      })
    ])
  ) as unknown as LabApi
  backend.onRunEvent = () => () => {}
  return { backend, calls }
}

const trusted = { sender: 'our-window' }
const stranger = { sender: 'some-iframe' }
const isTrusted = (e: unknown) => (e as { sender: string }).sender === 'our-window'

describe('createIpcHandlers', () => {
  it('serves exactly one handler per invoke method, on lab:<method>', () => {
    const { backend } = recordingBackend()
    const handlers = createIpcHandlers(backend, isTrusted)
    expect([...handlers.keys()]).toEqual(invokeMethods.map((m) => `lab:${m}`))
  })

  it.each(invokeMethods.map((m) => [m]))('refuses %s from an untrusted sender', async (m) => {
    const { backend, calls } = recordingBackend()
    const handler = createIpcHandlers(backend, isTrusted).get(`lab:${m}`)!
    await expect(handler(stranger)).rejects.toThrow(UntrustedSenderError)
    await expect(handler(stranger)).rejects.toThrow(`lab:${m}: untrusted sender`)
    expect(calls).toEqual([])
  })

  it('checks the sender before looking at the payload', async () => {
    const { backend } = recordingBackend()
    const isTrustedSpy = vi.fn(() => false)
    const handler = createIpcHandlers(backend, isTrustedSpy).get('lab:startRun')!
    await expect(handler(stranger, { model: { width: 'huge' } })).rejects.toThrow(
      UntrustedSenderError
    )
    expect(isTrustedSpy).toHaveBeenCalledWith(stranger)
  })

  it('rejects a malformed payload with the argument path and never calls the backend', async () => {
    const { backend, calls } = recordingBackend()
    const handlers = createIpcHandlers(backend, isTrusted)
    const startRun = handlers.get('lab:startRun')!
    const err = await startRun(trusted, { model: { width: -1 } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvokeError)
    expect((err as InvokeError).issues.map((i) => i.path)).toEqual(['spec.model.width'])
    await expect(handlers.get('lab:controlRun')!(trusted, 'run-1', 'reboot')).rejects.toThrow(
      /lab:controlRun: action: /
    )
    await expect(handlers.get('lab:addNote')!(trusted, 's1', 4, 'x', 'extra')).rejects.toThrow(
      /\(arguments\)/
    )
    expect(calls).toEqual([])
  })

  it('calls the backend with the parsed, defaulted arguments and returns its answer', async () => {
    const { backend, calls } = recordingBackend()
    const seen: unknown[] = []
    const handlers = createIpcHandlers(backend, isTrusted, (m, args, result) =>
      seen.push([m, args, result])
    )
    await expect(handlers.get('lab:controlRun')!(trusted, 'run-1', 'pause')).resolves.toBe(
      'controlRun-result'
    )
    await expect(handlers.get('lab:startRun')!(trusted, { model: { width: 16 } })).resolves.toBe(
      'run-42'
    )
    expect(calls[0]).toEqual(['controlRun', ['run-1', 'pause']])
    const spec = calls[1][1][0] as { model: { width: number }; dynamics: { steps: number } }
    expect(spec.model.width).toBe(16)
    expect(spec.dynamics.steps).toBe(200_000)
    expect(seen).toEqual([
      ['controlRun', ['run-1', 'pause'], 'controlRun-result'],
      ['startRun', [spec], 'run-42']
    ])
  })

  it('keeps `this` bound to the backend (class-based backends)', async () => {
    class Backend {
      private readonly presets = [{ id: 'p', title: 'P', claim: 'c', estimatedSeconds: 1 }]
      async listPresets() {
        return this.presets
      }
    }
    const handlers = createIpcHandlers(new Backend() as unknown as LabApi, isTrusted)
    await expect(handlers.get('lab:listPresets')!(trusted)).resolves.toHaveLength(1)
  })
})

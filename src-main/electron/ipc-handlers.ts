import { validateInvoke } from '@shared/protocol/arg-schemas'
import { invokeChannel, invokeMethods, type InvokeMethod } from '@shared/protocol/channels'
import type { LabApi } from '@shared/protocol/lab-api'

/** A handler as `ipcMain.handle` calls it: the event first, then the renderer's raw arguments. */
export type IpcHandler = (event: unknown, ...rawArgs: unknown[]) => Promise<unknown>

/** Raised when a call comes from a frame that is not the app's own window. */
export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: untrusted sender`)
    this.name = 'UntrustedSenderError'
  }
}

/** Told about every call that reached the backend (the shell tracks the session in front). */
export type CallObserver = (method: InvokeMethod, args: readonly unknown[], result: unknown) => void

/**
 * The IPC handlers of the whole `LabApi`, keyed by channel (`lab:<method>`). Each one refuses a call
 * whose sender `isTrustedSender` rejects, then validates the arguments against the method's schema
 * (the error names the bad argument path), and only then calls the backend with the parsed values.
 * Pure: no electron import, so the guard is tested with fake events.
 */
export function createIpcHandlers(
  backend: LabApi,
  isTrustedSender: (event: unknown) => boolean,
  observe?: CallObserver
): Map<string, IpcHandler> {
  const handlers = new Map<string, IpcHandler>()
  for (const method of invokeMethods) {
    const channel = invokeChannel(method)
    handlers.set(channel, async (event, ...rawArgs) => {
      if (!isTrustedSender(event)) throw new UntrustedSenderError(channel)
      const args = validateInvoke(method, rawArgs)
      const call = backend[method] as (...a: unknown[]) => Promise<unknown>
      const result = await call.apply(backend, args)
      observe?.(method, args, result)
      return result
    })
  }
  return handlers
}

import {
  APP_COMMAND_CHANNEL,
  invokeChannel,
  invokeMethods,
  RUN_EVENT_CHANNEL,
  type InvokeMethod
} from '@shared/protocol/channels'
import type { AppCommand, LabApi, RunEvent } from '@shared/protocol/lab-api'

/** The part of Electron's `ipcRenderer` the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
}

/**
 * The `window.lab` object: one function per invoke method, each sending its own channel
 * (`lab:<method>`), plus the two subscriptions. Nothing generic: the page cannot name a channel, and
 * listeners never see the IPC event (which would expose `sender`).
 */
export function createLabBridge(ipc: IpcRendererLike): Required<LabApi> {
  const call = <M extends InvokeMethod>(m: M): LabApi[M] => {
    const channel = invokeChannel(m)
    return ((...args: unknown[]) => ipc.invoke(channel, ...args)) as LabApi[M]
  }
  const subscribe =
    <T>(channel: string) =>
    (listener: (payload: T) => void): (() => void) => {
      // Main is the only sender on these channels and sends exactly T.
      const handler = (_event: unknown, payload: unknown): void => listener(payload as T)
      ipc.on(channel, handler)
      return () => {
        ipc.removeListener(channel, handler)
      }
    }
  const invokers = Object.fromEntries(invokeMethods.map((m) => [m, call(m)])) as Pick<
    LabApi,
    InvokeMethod
  >
  return {
    ...invokers,
    onRunEvent: subscribe<RunEvent>(RUN_EVENT_CHANNEL),
    onAppCommand: subscribe<AppCommand>(APP_COMMAND_CHANNEL)
  }
}

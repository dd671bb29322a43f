import type { LabApi } from './lab-api'

/** A request/response method of {@link LabApi} (everything but the event subscriptions). */
export type InvokeMethod = Exclude<keyof LabApi, EventMethod>

/** The subscription methods of {@link LabApi}: main pushes, the renderer listens. */
export type EventMethod = 'onRunEvent' | 'onAppCommand'

/**
 * Every invoke method, in one list: IPC handlers, the preload bridge and the web-mode client are all
 * generated from it, so a channel can never be served on one side and forgotten on the other.
 */
export const invokeMethods = [
  'listPresets',
  'presetSpec',
  'validateSpec',
  'startRun',
  'chooseDataFile',
  'controlRun',
  'listSessions',
  'loadSession',
  'saveSession',
  'addNote',
  'exportChart',
  'listStudies',
  'loadStudy',
  'startStudy',
  'startSweep',
  'controlStudy',
  'showingSession',
  'getSettings',
  'updateSettings',
  'forgetBackendChoices'
] as const satisfies readonly InvokeMethod[]

/** Every subscription method of the bridge, in the order the preload exposes them. */
export const eventMethods = ['onRunEvent', 'onAppCommand'] as const satisfies readonly EventMethod[]

// Compile-time proof that `invokeMethods` lists every invoke method of LabApi.
type Unlisted = Exclude<InvokeMethod, (typeof invokeMethods)[number]>
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyMethodListed

/** The IPC channel of an invoke method: `lab:<method>` (STYLE.md §3.3), never written by hand. */
export type InvokeChannel<M extends InvokeMethod = InvokeMethod> = `lab:${M}`

/** The IPC channel name of an invoke method. */
export function invokeChannel<M extends InvokeMethod>(method: M): InvokeChannel<M> {
  return `lab:${method}`
}

/** Channel on which main pushes {@link RunEvent}s to the renderer. */
export const RUN_EVENT_CHANNEL = 'lab:runEvent'

/** Channel on which main pushes {@link AppCommand}s (menu actions, files opened from the OS). */
export const APP_COMMAND_CHANNEL = 'lab:appCommand'

/** Method → channel, for every invoke method. */
export const invokeChannels = Object.fromEntries(
  invokeMethods.map((m) => [m, invokeChannel(m)])
) as { [M in InvokeMethod]: InvokeChannel<M> }

/** Whether a string names an invoke method (for untyped input such as a socket message). */
export function isInvokeMethod(name: unknown): name is InvokeMethod {
  return typeof name === 'string' && (invokeMethods as readonly string[]).includes(name)
}

import { describe, expect, it } from 'vitest'
import { createLabBridge, type IpcRendererLike } from '../../../src-main/electron/lab-bridge'
import {
  APP_COMMAND_CHANNEL,
  eventMethods,
  invokeMethods,
  RUN_EVENT_CHANNEL
} from '@shared/protocol/channels'
import type { RunEvent } from '@shared/protocol/lab-api'

type Listener = (event: unknown, payload: unknown) => void

/** A fake ipcRenderer that records invocations and lets the test emit messages. */
function fakeIpc() {
  const invoked: [string, unknown[]][] = []
  const listeners = new Map<string, Set<Listener>>()
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push([channel, args])
      return `answer:${channel}`
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener)
    }
  }
  const emit = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc-event-internals' }, payload)
  }
  return { ipc, invoked, listeners, emit }
}

describe('createLabBridge', () => {
  it('exposes exactly the invoke methods and the event subscriptions, all functions', () => {
    const bridge = createLabBridge(fakeIpc().ipc)
    expect(Object.keys(bridge).sort()).toEqual([...invokeMethods, ...eventMethods].sort())
    expect(eventMethods).toEqual(['onRunEvent', 'onAppCommand'])
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function')
    expect(Object.keys(bridge)).not.toContain('invoke')
    expect(Object.keys(bridge)).not.toContain('send')
  })

  it.each(invokeMethods.map((m) => [m]))('%s invokes lab:%s with its own arguments', async (m) => {
    const { ipc, invoked } = fakeIpc()
    const bridge = createLabBridge(ipc)
    const fn = bridge[m] as (...a: unknown[]) => Promise<unknown>
    await expect(fn('a', 2)).resolves.toBe(`answer:lab:${m}`)
    expect(invoked).toEqual([[`lab:${m}`, ['a', 2]]])
  })

  it('delivers run events without the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc()
    const bridge = createLabBridge(ipc)
    const got: unknown[][] = []
    const off = bridge.onRunEvent((...args) => got.push(args))
    const e: RunEvent = { kind: 'status', runId: 'r1', status: 'running' }
    emit(RUN_EVENT_CHANNEL, e)
    expect(got).toEqual([[e]])
    off()
    expect(listeners.get(RUN_EVENT_CHANNEL)?.size).toBe(0)
    emit(RUN_EVENT_CHANNEL, e)
    expect(got).toHaveLength(1)
  })

  it('keeps app commands and run events on separate channels', () => {
    const { ipc, emit } = fakeIpc()
    const bridge = createLabBridge(ipc)
    const commands: unknown[] = []
    const events: unknown[] = []
    bridge.onAppCommand((c) => commands.push(c))
    bridge.onRunEvent((e) => events.push(e))
    emit(APP_COMMAND_CHANNEL, { kind: 'new-experiment' })
    expect(commands).toEqual([{ kind: 'new-experiment' }])
    expect(events).toEqual([])
  })
})

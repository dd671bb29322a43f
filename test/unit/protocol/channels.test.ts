import { describe, expect, it } from 'vitest'
import {
  APP_COMMAND_CHANNEL,
  invokeChannel,
  invokeChannels,
  invokeMethods,
  isInvokeMethod,
  RUN_EVENT_CHANNEL
} from '@shared/protocol/channels'

describe('channel map', () => {
  it('derives every channel as lab:<method>', () => {
    for (const m of invokeMethods) {
      expect(invokeChannel(m)).toBe(`lab:${m}`)
      expect(invokeChannels[m]).toBe(`lab:${m}`)
    }
    expect(Object.keys(invokeChannels)).toEqual([...invokeMethods])
  })

  it('has no duplicate method and no channel clash with the event channels', () => {
    const channels = Object.values(invokeChannels)
    expect(new Set(channels).size).toBe(channels.length)
    expect(channels).not.toContain(RUN_EVENT_CHANNEL)
    expect(channels).not.toContain(APP_COMMAND_CHANNEL)
  })

  it('recognises only listed method names', () => {
    expect(isInvokeMethod('startRun')).toBe(true)
    expect(isInvokeMethod('onRunEvent')).toBe(false)
    expect(isInvokeMethod('constructor')).toBe(false)
    expect(isInvokeMethod(7)).toBe(false)
  })
})

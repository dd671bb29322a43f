// @vitest-environment jsdom
/// <reference lib="dom" />
import { describe, expect, it } from 'vitest'
import { isShortcutTarget } from '../../../src-renderer/src/views/RunDashboard/shortcuts'

describe('dashboard shortcuts', () => {
  it('leave typing to fields and Space to a focused button, and take the rest', () => {
    const input = document.createElement('input')
    const button = document.createElement('button')
    const heading = document.createElement('h1')
    expect(isShortcutTarget(input, ' ')).toBe(true)
    expect(isShortcutTarget(input, 'f')).toBe(true)
    expect(isShortcutTarget(button, ' ')).toBe(true)
    expect(isShortcutTarget(button, 'ArrowRight')).toBe(false)
    expect(isShortcutTarget(heading, ' ')).toBe(false)
    expect(isShortcutTarget(null, ' ')).toBe(false)
  })
})

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { autoMemoryPath, fileAutoMemory } from '../../../src-main/compute/auto-memory-file'

const entry = (backend: 'js' | 'webgpu') => ({
  backend,
  stepsPerSecond: { js: 100, webgpu: 200 },
  measuredAt: '2026-12-05T07:00:00.000Z'
})

describe('auto-backend.json', () => {
  it('lies beside the settings file', () => {
    expect(autoMemoryPath('/data/app/settings.json')).toBe('/data/app/auto-backend.json')
  })

  it('remembers choices by shape class across instances and keeps the others', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mflab-auto-')), 'sub', 'auto-backend.json')
    const a = fileAutoMemory(file)
    expect(a.get('k1')).toBeUndefined()
    a.set('k1', entry('webgpu'))
    fileAutoMemory(file).set('k2', entry('js'))
    const b = fileAutoMemory(file)
    expect(b.get('k1')).toEqual(entry('webgpu'))
    expect(b.get('k2')?.backend).toBe('js')
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).autoBackend)).toEqual(['k1', 'k2'])
  })

  it('a broken file remembers nothing and is replaced on the next choice', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mflab-auto-')), 'auto-backend.json')
    writeFileSync(file, '{ not json')
    const m = fileAutoMemory(file)
    expect(m.get('k')).toBeUndefined()
    m.set('k', entry('js'))
    expect(fileAutoMemory(file).get('k')?.backend).toBe('js')
  })
})

import { describe, expect, it } from 'vitest'
import { exportFormatOf } from '../../../src-main/backend/session-exports'
import { addRecentFile, MAX_RECENT } from '../../../src-main/electron/recent-files'
import { isSessionFile, sessionFilesInArgv } from '../../../src-main/electron/session-file-args'

describe('files handed to the app', () => {
  it('picks only *.mflab arguments off a command line', () => {
    expect(
      sessionFilesInArgv([
        '/opt/Mean-Field Lab/mean-field-lab',
        '--no-sandbox',
        'out/main/index.js',
        '/home/u/runs/A.MFLAB',
        '--flag=x.mflab',
        'notes.txt',
        'b.mflab'
      ])
    ).toEqual(['/home/u/runs/A.MFLAB', 'b.mflab'])
    expect(isSessionFile('x.mflab.tmp-12')).toBe(false)
  })

  it('keeps the recent list most-recent-first, unique and bounded', () => {
    let list: string[] = []
    for (let i = 0; i < MAX_RECENT + 3; i++) list = addRecentFile(list, `/r/${i}.mflab`)
    list = addRecentFile(list, '/r/5.mflab')
    expect(list).toHaveLength(MAX_RECENT)
    expect(list[0]).toBe('/r/5.mflab')
    expect(new Set(list).size).toBe(list.length)
    expect(list[1]).toBe(`/r/${MAX_RECENT + 2}.mflab`)
  })

  it('exports CSV only when asked by extension', () => {
    expect(exportFormatOf('/x/run.CSV')).toBe('csv')
    expect(exportFormatOf('/x/run.json')).toBe('json')
    expect(exportFormatOf('/x/run')).toBe('json')
  })
})

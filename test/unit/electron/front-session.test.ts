import { describe, expect, it } from 'vitest'
import { frontSessionAfter, type FrontSession } from '../../../src-main/electron/front-session'

const summary = (id: string, title: string, fileName: string | null) => ({
  id,
  title,
  fileName,
  status: 'completed' as const,
  step: 10,
  steps: 10,
  updatedAt: '2026-11-25T00:00:00Z'
})

describe('the session in front of the window (what Save/Export/Close act on)', () => {
  it('follows the run started, the session loaded and the session saved', () => {
    let front: FrontSession | null = null
    front = frontSessionAfter(front, 'startRun', [{ title: 'MMN' }], 'run-1')
    expect(front).toEqual({ id: 'run-1', title: 'MMN', file: null })
    front = frontSessionAfter(front, 'loadSession', ['s2'], {
      summary: summary('s2', 'Width 800', 's2.mflab')
    })
    expect(front).toEqual({ id: 's2', title: 'Width 800', file: 's2.mflab' })
    front = frontSessionAfter(
      front,
      'saveSession',
      ['s2', 'Renamed'],
      summary('s2', 'Renamed', 's2.mflab')
    )
    expect(front).toEqual({ id: 's2', title: 'Renamed', file: 's2.mflab' })
  })

  it('is what the window shows: none on a page without a session, the shown one otherwise', () => {
    const opened: FrontSession = { id: 'f1', title: 'a', file: '/home/u/a.mflab' }
    // the path learnt when the file was opened survives the dashboard showing and loading it
    expect(frontSessionAfter(opened, 'showingSession', ['f1'], undefined)).toBe(opened)
    expect(
      frontSessionAfter(opened, 'loadSession', ['f1'], { summary: summary('f1', 'a', 'a.mflab') })
    ).toEqual({ id: 'f1', title: 'a', file: '/home/u/a.mflab' })
    // going Home: Save has nothing to act on (it used to save the last session touched)
    expect(frontSessionAfter(opened, 'showingSession', [null], undefined)).toBeNull()
    // another session on screen replaces it, without the other one's file
    expect(frontSessionAfter(opened, 'showingSession', ['s9'], undefined)).toEqual({
      id: 's9',
      title: 's9',
      file: null
    })
  })

  it('ignores the calls that do not change what is in front', () => {
    const front: FrontSession = { id: 's1', title: 't', file: null }
    for (const [method, args, result] of [
      ['listSessions', [], []],
      ['addNote', ['s1', 3, 'hi'], undefined],
      ['startRun', [{}], undefined],
      ['startStudy', ['lazy-vs-mean-field'], { id: 'st' }],
      ['getSettings', [], {}]
    ] as const)
      expect(frontSessionAfter(front, method, args, result)).toBe(front)
  })
})

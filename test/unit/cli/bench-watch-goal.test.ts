import { describe, expect, it } from 'vitest'
import { watchGoal } from '../../../src-main/cli/bench'

describe('mflab bench: the watch goal', () => {
  it('is the median of the ratios within each pair, with the medians’ ratio beside it', () => {
    // a slow phase of the machine hits one pair whole: the pairs' median sees it, the medians'
    // ratio mixes runs from different phases
    const g = watchGoal([102_535, 118_538, 100_592], [131_643, 141_443, 102_776])!
    expect(g.pairs).toEqual([0.78, 0.84, 0.98])
    expect(g.ratio).toBe(0.84)
    expect(g.met).toBe(true)
    expect(g.ratioOfMedians).toBe(0.78)
    expect(g.lab).toBe(102_535)
    expect(g.peer).toBe(131_643)
  })

  it('fails below 0.8, takes whole pairs only, and is absent without one', () => {
    const g = watchGoal([70, 75, 90, 60], [100, 100, 100])!
    expect(g.pairs).toEqual([0.7, 0.75, 0.9])
    expect(g.ratio).toBe(0.75)
    expect(g.met).toBe(false)
    expect(watchGoal([], [100])).toBeNull()
    expect(watchGoal([2, 4], [4, 4])!.ratio).toBe(0.75)
  })
})

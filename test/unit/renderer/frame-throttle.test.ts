import { describe, expect, it } from 'vitest'
import { FrameScheduler } from '../../../src-renderer/src/charts/frame-throttle'

/** A scheduler on hand-driven frames and a clock that each job advances by its own cost. */
function harness(budgetMs = 8) {
  const frames: (() => void)[] = []
  let t = 0
  const s = new FrameScheduler(
    (cb) => frames.push(cb),
    budgetMs,
    () => t
  )
  const log: string[] = []
  const job = (name: string, costMs: number, initialCost?: number) =>
    s.throttle(() => {
      log.push(name)
      t += costMs
    }, initialCost)
  /** Runs the frame requested so far; returns the names run in it. */
  const frame = () => {
    const cb = frames.shift()
    if (!cb) return null
    const from = log.length
    cb()
    return log.slice(from)
  }
  return { s, job, frame, frames }
}

describe('FrameScheduler: chart redraws share each frame', () => {
  it('coalesces repeated requests of one job into one run per frame', () => {
    const { job, frame, frames } = harness()
    const a = job('a', 1)
    a.schedule()
    a.schedule()
    a.schedule()
    expect(frames).toHaveLength(1)
    expect(frame()).toEqual(['a'])
    expect(frames).toHaveLength(0)
  })

  it('runs cheap jobs together and moves the rest to the next frames once the budget is spent', () => {
    const { job, frame } = harness(8)
    const jobs = [job('a', 5), job('b', 5), job('c', 5), job('d', 1)]
    // first round: costs unknown (0), so jobs run until the time spent passes the budget
    for (const j of jobs) j.schedule()
    expect(frame()).toEqual(['a', 'b'])
    expect(frame()).toEqual(['c', 'd'])
    // now each job's last cost is known: a job runs if the frame's time stays within 8 ms
    for (const j of jobs) j.schedule()
    expect(frame()).toEqual(['a'])
    expect(frame()).toEqual(['b'])
    expect(frame()).toEqual(['c', 'd'])
    expect(frame()).toBeNull()
  })

  it('always runs one job, however long it took last time', () => {
    const { job, frame } = harness(8)
    const slow = job('slow', 30)
    const other = job('other', 1)
    slow.schedule()
    expect(frame()).toEqual(['slow'])
    slow.schedule()
    other.schedule()
    expect(frame()).toEqual(['slow'])
    expect(frame()).toEqual(['other'])
  })

  it('a job asked for again while waiting keeps its place; asked for by its own run, waits a frame', () => {
    const { s, frame } = harness(100)
    const log: string[] = []
    let again = true
    const self = s.throttle(() => {
      log.push('self')
      if (again) {
        again = false
        self.schedule()
      }
    })
    self.schedule()
    frame()
    expect(log).toEqual(['self'])
    frame()
    expect(log).toEqual(['self', 'self'])
  })

  it('cancel drops a waiting job; a throwing job does not stall the others', () => {
    const { s, job, frame } = harness(100)
    const a = job('a', 1)
    const b = job('b', 1)
    a.schedule()
    b.schedule()
    a.cancel()
    expect(frame()).toEqual(['b'])
    expect(s.pending).toBe(0)

    const bad = s.throttle(() => {
      throw new Error('boom')
    })
    // the error reaches the frame's caller; 'c' still runs, in the next frame
    const c = job('c', 1)
    bad.schedule()
    c.schedule()
    expect(() => frame()).toThrow('boom')
    expect(s.pending).toBe(1)
    expect(frame()).toEqual(['c'])
  })

  it('an initial cost estimate of a whole budget (chart construction) takes one frame each', () => {
    const { job, frame } = harness(8)
    // three charts mounted in the same task, each built with createInFrame's estimate
    for (const name of ['risk', 'histogram', 'scatter']) job(name, 25, 8).schedule()
    const cheap = job('redraw', 1)
    cheap.schedule()
    expect(frame()).toEqual(['risk'])
    expect(frame()).toEqual(['histogram'])
    expect(frame()).toEqual(['scatter'])
    expect(frame()).toEqual(['redraw'])
  })
})

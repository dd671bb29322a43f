/**
 * Main-thread time (ms) the charts may take together in one animation frame. Several charts asked
 * to redraw in the same frame (a metrics batch bumps every line chart, a snapshot the scatter and the
 * histogram) added up, with the frame's paint and commit, to one long task: 50–120 ms in the e2e
 * perf scenarios. Past this budget the remaining redraws move to the next frames.
 */
export const FRAME_BUDGET_MS = 8

interface Job {
  fn: () => void
  queued: boolean
  /** Duration of the job's last run, ms: the estimate of its next one. */
  cost: number
}

type Raf = (cb: () => void) => unknown

const now = (): number =>
  typeof performance !== 'undefined' && performance.now ? performance.now() : Date.now()

/**
 * One queue of chart redraws shared by every chart on the page, run on animation frames in the order
 * they were asked for: the first job of a frame always runs, the next ones only while the frame's
 * estimated time stays within `budgetMs`; the others wait for the following frame (round robin, since
 * a job asked for again goes to the back).
 */
export class FrameScheduler {
  private readonly queue: Job[] = []
  private requested = false

  constructor(
    private readonly raf: Raf = defaultRaf,
    private readonly budgetMs = FRAME_BUDGET_MS,
    private readonly clock: () => number = now
  ) {}

  /**
   * A handle that runs `fn` at most once per frame, within the shared budget; `initialCost` is the
   * estimate of its first run (later runs are estimated by the previous one).
   */
  throttle(fn: () => void, initialCost = 0): { schedule(): void; cancel(): void } {
    const job: Job = { fn, queued: false, cost: initialCost }
    return {
      schedule: () => {
        if (job.queued) return
        job.queued = true
        this.queue.push(job)
        this.request()
      },
      cancel: () => {
        if (!job.queued) return
        job.queued = false
        const i = this.queue.indexOf(job)
        if (i >= 0) this.queue.splice(i, 1)
      }
    }
  }

  /** Jobs waiting for a frame. */
  get pending(): number {
    return this.queue.length
  }

  private request(): void {
    if (this.requested) return
    this.requested = true
    this.raf(() => this.frame())
  }

  private frame(): void {
    this.requested = false
    const start = this.clock()
    // only the jobs queued before this frame: one asked for again by its own run waits
    let n = this.queue.length
    let ran = 0
    try {
      while (n-- > 0 && this.queue.length > 0) {
        const job = this.queue[0]
        if (ran > 0 && this.clock() - start + job.cost > this.budgetMs) break
        this.queue.shift()
        job.queued = false
        ran++
        const t0 = this.clock()
        try {
          job.fn()
        } finally {
          job.cost = this.clock() - t0
        }
      }
    } finally {
      if (this.queue.length > 0) this.request()
    }
  }
}

function defaultRaf(cb: () => void): unknown {
  return typeof requestAnimationFrame === 'function'
    ? requestAnimationFrame(cb)
    : setTimeout(cb, 16)
}

/** The page's chart scheduler. */
export const chartFrames = new FrameScheduler()

/**
 * Coalesces calls into at most one run of `fn` per animation frame (a setTimeout of 16 ms where there
 * is no requestAnimationFrame), sharing each frame's time with the other charts (`chartFrames`).
 * `cancel` drops a pending run.
 */
export function frameThrottle(fn: () => void): { schedule(): void; cancel(): void } {
  return chartFrames.throttle(fn)
}

/**
 * Runs a chart's construction on a frame of the shared scheduler, at most one construction per
 * frame (its first run is estimated at the whole budget). A page that mounts several charts at once
 * (the run dashboard: four chart.js charts, ≈ 80 ms of layout together) would otherwise build them
 * all in the mounting task, one long task. Returns the function that cancels a pending construction.
 */
export function createInFrame(create: () => void): () => void {
  const job = chartFrames.throttle(create, FRAME_BUDGET_MS)
  job.schedule()
  return job.cancel
}

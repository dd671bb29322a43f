/** Options of an Autosaver. */
export interface AutosaveOptions {
  /** Seconds between saves (spec.compute.autosaveSeconds); 0 or less: never on a timer. */
  intervalSeconds: number
  /** Writes the file (e.g. asks the worker for a checkpoint first, then saves the session). */
  save: () => Promise<void>
  /** A failed save on the timer (flush() rejects instead). */
  onError?: (error: unknown) => void
}

/**
 * Saves something running every `intervalSeconds`: a session of the app or of `mflab run`, or a
 * study. Saves never overlap: a tick that comes while one is in flight is skipped. `flush()` saves
 * now (after any save in flight) and resolves when it is on disk; `stop()` ends the timer and waits
 * for a save in flight.
 */
export class Autosaver {
  private timer: ReturnType<typeof setInterval> | null = null
  private inFlight: Promise<void> | null = null

  constructor(private readonly opts: AutosaveOptions) {}

  start(): void {
    if (this.timer || this.opts.intervalSeconds <= 0) return
    this.timer = setInterval(() => {
      if (!this.inFlight) void this.saveOnce().catch(() => undefined)
    }, this.opts.intervalSeconds * 1000)
    this.timer.unref?.()
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined)
    await this.saveOnce()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    while (this.inFlight) await this.inFlight.catch(() => undefined)
  }

  private saveOnce(): Promise<void> {
    const run = (async () => {
      try {
        await this.opts.save()
      } catch (e) {
        this.opts.onError?.(e)
        throw e
      }
    })()
    this.inFlight = run
    return run.finally(() => {
      if (this.inFlight === run) this.inFlight = null
    })
  }
}

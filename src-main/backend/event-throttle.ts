/**
 * Passes on at most one value per `intervalMs`: the first at once, later ones replaced by the newest
 * and sent when the interval has passed (so the last value is never lost, only thinned).
 */
export class Throttle<T> {
  private last = -Infinity
  private pending: { value: T } | null = null
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
    private readonly now: () => number = () => performance.now()
  ) {}

  offer(value: T): void {
    const t = this.now()
    if (!this.timer && t - this.last >= this.intervalMs) {
      this.last = t
      this.emit(value)
      return
    }
    this.pending = { value }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.intervalMs - (t - this.last)))
    }
  }

  /** Sends the pending value now, if any. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const p = this.pending
    this.pending = null
    if (p) {
      this.last = this.now()
      this.emit(p.value)
    }
  }

  /** Drops the pending value and the timer. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.pending = null
  }
}

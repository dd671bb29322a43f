/**
 * The run's progress on stderr: rewritten in place on a terminal (`\r`), or one plain line per
 * `plainEveryMs` when forced on a pipe (`--progress`), never on a pipe otherwise.
 */
export class ProgressLine {
  private lastAt = -Infinity
  private shown = false

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly mode: 'tty' | 'plain' | 'off',
    private readonly total: number,
    private readonly everyMs = mode === 'tty' ? 200 : 1000
  ) {}

  update(step: number, stepsPerSecond: number, risk: number | undefined, force = false): void {
    if (this.mode === 'off') return
    const now = performance.now()
    if (!force && now - this.lastAt < this.everyMs) return
    this.lastAt = now
    const pct = this.total > 0 ? Math.floor((100 * step) / this.total) : 100
    const eta = stepsPerSecond > 0 ? (this.total - step) / stepsPerSecond : NaN
    const text =
      `step ${step}/${this.total} (${pct}%) · ${formatRate(stepsPerSecond)} steps/s · ` +
      `ETA ${formatSeconds(eta)} · risk ${risk === undefined || !Number.isFinite(risk) ? '–' : risk.toPrecision(4)}`
    if (this.mode === 'tty') this.stream.write(`\r\x1b[2K${text}`)
    else this.stream.write(`progress: ${text}\n`)
    this.shown = true
  }

  /** Ends the in-place line so what follows starts on a fresh line. */
  end(): void {
    if (this.mode === 'tty' && this.shown) this.stream.write('\n')
    this.shown = false
  }
}

function formatRate(v: number): string {
  return v >= 10_000
    ? `${(v / 1000).toFixed(0)}k`
    : v >= 1000
      ? `${(v / 1000).toFixed(1)}k`
      : v.toFixed(0)
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–'
  if (s < 60) return `${Math.ceil(s)} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`
  return `${(s / 3600).toFixed(1)} h`
}

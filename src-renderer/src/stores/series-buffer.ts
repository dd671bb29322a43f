import type { MetricRecord } from '@shared/engine/simulation-types'

/**
 * Metric columns held in growable Float64Arrays (capacity doubles), appended in place so that Vue never
 * proxies them and charts can copy only the new tail. A value missing from a record is NaN.
 */
export class SeriesBuffer {
  /** Records held. */
  length = 0
  private capacity: number
  private readonly cols = new Map<string, Float64Array>()

  constructor(initialCapacity = 256) {
    this.capacity = Math.max(1, initialCapacity)
  }

  /** Column names seen so far, in first-seen order. */
  keys(): string[] {
    return [...this.cols.keys()]
  }

  has(key: string): boolean {
    return this.cols.has(key)
  }

  /** A view of the first `length` values of a column (no copy), or null when the column never appeared. */
  column(key: string): Float64Array | null {
    const c = this.cols.get(key)
    return c ? c.subarray(0, this.length) : null
  }

  /** The latest value of a column, NaN when empty or absent. */
  last(key: string): number {
    const c = this.cols.get(key)
    return c && this.length > 0 ? c[this.length - 1] : NaN
  }

  /** Appends records in place. */
  append(records: readonly MetricRecord[]): void {
    if (records.length === 0) return
    this.reserve(this.length + records.length)
    for (const r of records) {
      for (const key of Object.keys(r)) if (!this.cols.has(key)) this.addColumn(key)
      const i = this.length
      for (const [key, col] of this.cols) {
        const v = r[key]
        col[i] = typeof v === 'number' ? v : NaN
      }
      this.length++
    }
  }

  /** Replaces the content with whole columns (a loaded session); columns may differ in length. */
  load(columns: Record<string, ArrayLike<number>>): void {
    this.cols.clear()
    const n = Math.max(0, ...Object.values(columns).map((c) => c.length))
    this.length = 0
    this.capacity = Math.max(this.capacity, n)
    for (const [key, values] of Object.entries(columns)) {
      const col = new Float64Array(this.capacity).fill(NaN)
      col.set(values)
      this.cols.set(key, col)
    }
    this.length = n
  }

  /** Every column, as views of the buffer's records (no copy): the claims, CSV export. */
  toColumns(): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {}
    for (const key of this.cols.keys()) out[key] = this.column(key) as Float64Array
    return out
  }

  private addColumn(key: string): void {
    const col = new Float64Array(this.capacity).fill(NaN)
    this.cols.set(key, col)
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return
    let cap = this.capacity
    while (cap < n) cap *= 2
    for (const [key, col] of this.cols) {
      const grown = new Float64Array(cap).fill(NaN)
      grown.set(col.subarray(0, this.length))
      this.cols.set(key, grown)
    }
    this.capacity = cap
  }
}

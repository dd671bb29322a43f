/**
 * Coalesces calls into at most one run of `fn` per animation frame (a setTimeout of 16 ms where there
 * is no requestAnimationFrame). `cancel` drops a pending run.
 */
export function frameThrottle(fn: () => void): { schedule(): void; cancel(): void } {
  let pending: number | null = null
  const raf: (cb: () => void) => number =
    typeof requestAnimationFrame === 'function'
      ? (cb) => requestAnimationFrame(cb)
      : (cb) => setTimeout(cb, 16) as unknown as number
  const caf: (h: number) => void =
    typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame : clearTimeout
  return {
    schedule() {
      if (pending !== null) return
      pending = raf(() => {
        pending = null
        fn()
      })
    },
    cancel() {
      if (pending !== null) caf(pending)
      pending = null
    }
  }
}

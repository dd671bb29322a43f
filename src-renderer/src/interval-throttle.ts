/**
 * Runs `fn` at most once per `ms` milliseconds: a call after a quiet period runs at once, calls
 * within the period are coalesced into one run at its end. `flush` runs a pending call now;
 * `cancel` drops it.
 */
export function intervalThrottle(
  fn: () => void,
  ms: number
): { schedule(): void; flush(): void; cancel(): void } {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = (): void => {
    timer = null
    last = Date.now()
    fn()
  }
  return {
    schedule() {
      if (timer !== null) return
      const wait = last + ms - Date.now()
      if (wait <= 0) run()
      else timer = setTimeout(run, wait)
    },
    flush() {
      if (timer === null) return
      clearTimeout(timer)
      run()
    },
    cancel() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    }
  }
}

/** The time of a particle solver that advances on a fixed grid of step dt (see gridClock). */
export interface GridClock {
  /** The last time asked for. */
  readonly t: number
  /** Grid steps integrated so far (RK4 or Euler–Maruyama steps of length dt; reads not counted). */
  readonly steps: number
  /** Moves to time `target` (never backwards: an earlier one leaves the state as it is). */
  advanceTo(target: number): void
}

/**
 * Drives a solver on the grid t_k = k·dt, so what is read at a time never depends on earlier reads:
 * `step()` advances the state one grid step; `finish(rest)` then shows the state at the asked time —
 * rest > 0 is the part of a step past the last grid point (noiseless solvers integrate it on a copy),
 * rest = 0 shows the grid state itself. A noisy solver reads the nearest grid point (at most dt/2
 * off: a partial Euler–Maruyama step would need its own noise). Grid points within 1e-9·dt of the
 * target count as reached (t = Σ s_k rounds).
 */
export function gridClock(
  dt: number,
  noisy: boolean,
  ops: { step(): void; finish(rest: number): void }
): GridClock {
  let k = 0
  let t = 0
  return {
    get t() {
      return t
    },
    get steps() {
      return k
    },
    advanceTo(target: number): void {
      if (!(target > t)) return
      t = target
      const x = target / dt
      const kEnd = noisy ? Math.round(x) : Math.floor(x + 1e-9)
      for (; k < kEnd; k++) ops.step()
      const rest = noisy ? 0 : target - k * dt
      ops.finish(rest > 1e-12 * Math.max(1, target) ? rest : 0)
    }
  }
}

/** `face` with the clock's `t`, `steps` and `advanceTo` added: the public side of a stepper. */
export function withClock<T extends object>(clock: GridClock, face: T): T & GridClock {
  return Object.defineProperties(face, {
    t: { get: () => clock.t, enumerable: true },
    steps: { get: () => clock.steps, enumerable: true },
    advanceTo: { value: (target: number) => clock.advanceTo(target), enumerable: true }
  }) as T & GridClock
}

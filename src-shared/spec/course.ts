/**
 * The guided experiments as a course: the order a class meets them in, each with a short step
 * name. It starts with the picture of the theory (particles following the PDE), then what
 * noise and many neurons do, then the lazy (kernel) regime it is contrasted with.
 */
export const COURSE: readonly { preset: string; step: string }[] = [
  { preset: 'mmn-two-gaussians', step: 'Start here: neurons move as one density' },
  { preset: 'propagation-of-chaos', step: 'More neurons, less noise' },
  { preset: 'langevin-free-energy', step: 'Noise and the free energy' },
  { preset: 'bad-minimum-escape', step: 'Noise escapes a trap' },
  { preset: 'lazy-vs-mean-field', step: 'Two scalings, two regimes' },
  { preset: 'ntk-gram', step: 'The lazy regime up close' },
  { preset: 'random-features-vs-network', step: 'Fixed features against learnt ones' },
  { preset: 'two-timescale-kernel', step: 'A kernel that learns' },
  { preset: 'label-noise-dof', step: 'Label noise picks a simpler model' }
]

/** Presets in course order; ones the course does not list keep their order at the end. */
export function inCourseOrder<T extends { id: string }>(presets: readonly T[]): T[] {
  const rank = (id: string) => {
    const i = COURSE.findIndex((c) => c.preset === id)
    return i < 0 ? COURSE.length : i
  }
  return [...presets].sort((x, y) => rank(x.id) - rank(y.id))
}

/** The course step name of a preset, or null. */
export function courseStep(id: string): string | null {
  return COURSE.find((c) => c.preset === id)?.step ?? null
}

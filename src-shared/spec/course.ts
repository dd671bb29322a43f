/**
 * The guided experiments as a course: the order a class meets them in, each with a short step
 * name and the one formula its card shows. It starts with the picture of the theory (particles following the PDE), then what
 * noise and many neurons do, then the lazy (kernel) regime it is contrasted with.
 */
export const COURSE: readonly { preset: string; step: string; formula: string }[] = [
  {
    preset: 'mmn-two-gaussians',
    step: 'Start here: neurons move as one density',
    formula:
      '\\partial_t \\rho_t = \\nabla\\cdot\\big(\\rho_t \\nabla \\Psi(\\theta; \\rho_t)\\big)'
  },
  {
    preset: 'propagation-of-chaos',
    step: 'More neurons, less noise',
    formula: '\\text{spread across seeds} \\propto M^{-1/2}'
  },
  {
    preset: 'langevin-free-energy',
    step: 'Noise and the free energy',
    formula:
      'F(\\rho) = \\tfrac12 R(\\rho) + \\tfrac{\\lambda}{2}\\!\\int\\!\\|\\theta\\|^2 d\\rho + \\beta^{-1}\\!\\int\\!\\rho\\log\\rho'
  },
  {
    preset: 'bad-minimum-escape',
    step: 'Noise escapes a trap',
    formula: '\\beta = \\infty \\;\\text{vs}\\; \\beta < \\infty'
  },
  {
    preset: 'lazy-vs-mean-field',
    step: 'Two scalings, two regimes',
    formula:
      'f = \\tfrac{1}{\\sqrt M}\\sum_i a_i \\sigma(\\langle w_i, x\\rangle) \\;\\text{vs}\\; \\tfrac{1}{M}\\sum_i a_i \\sigma(\\langle w_i, x\\rangle)'
  },
  {
    preset: 'ntk-gram',
    step: 'The lazy regime up close',
    formula: '\\lambda_{\\min}(H(t)) \\ge \\lambda_0 / 2'
  },
  {
    preset: 'random-features-vs-network',
    step: 'Fixed features against learnt ones',
    formula:
      'f = \\tfrac{1}{M}\\sum_i a_i \\sigma(\\langle w_i, x\\rangle),\\; w_i \\text{ fixed or trained}'
  },
  {
    preset: 'two-timescale-kernel',
    step: 'A kernel that learns',
    formula: 'a = \\Phi^\\top (K_\\mu + cI)^{-1} y'
  },
  {
    preset: 'label-noise-dof',
    step: 'Label noise picks a simpler model',
    formula: 'd(\\mu) = \\operatorname{tr} K_\\mu (K_\\mu + cI)^{-1}'
  }
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

/** The formula (KaTeX source) a preset's card shows, or null. */
export function courseFormula(id: string): string | null {
  return COURSE.find((c) => c.preset === id)?.formula ?? null
}

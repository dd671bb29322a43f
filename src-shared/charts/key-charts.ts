import { inverseTemperature, type ExperimentSpec } from '../spec/experiment-spec'

/**
 * What each guided experiment asks the student to watch, and the theory's reference lines drawn
 * over it (docs/claims.md states the checks these lines picture).
 */

/** The chart a preset puts beside the risk on its dashboard. */
export type KeyChart = { kind: 'metric'; metric: string } | { kind: 'histogram' }

const KEY_CHARTS: Readonly<Record<string, KeyChart>> = {
  'mmn-two-gaussians': { kind: 'histogram' },
  'propagation-of-chaos': { kind: 'histogram' },
  'bad-minimum-escape': { kind: 'histogram' },
  'langevin-free-energy': { kind: 'metric', metric: 'freeEnergy' },
  'lazy-vs-mean-field': { kind: 'metric', metric: 'meanAbsCos' },
  'ntk-gram': { kind: 'metric', metric: 'ntkLambdaMin' },
  'random-features-vs-network': { kind: 'metric', metric: 'movement' },
  'two-timescale-kernel': { kind: 'metric', metric: 'freeEnergy' },
  'label-noise-dof': { kind: 'metric', metric: 'dof' }
}

/** The key chart of a run's preset; runs without a preset watch the ‖w‖ histogram. */
export function keyChartOf(spec: Pick<ExperimentSpec, 'preset'> | null | undefined): KeyChart {
  return (spec?.preset && KEY_CHARTS[spec.preset]) || { kind: 'histogram' }
}

/** A curve y = f(x) of the theory, drawn dashed over a chart with its label at the right end. */
export interface ReferenceLine {
  label: string
  /** y at x (x is the chart's x column, time t); NaN where undefined. */
  y: (x: number) => number
}

/** Read access to a run's metric columns (a SeriesBuffer or a plain record of arrays). */
export type ColumnReader = (key: string) => ArrayLike<number> | null | undefined

function first(col: ArrayLike<number> | null | undefined): number {
  if (!col) return NaN
  for (let i = 0; i < col.length; i++) if (Number.isFinite(col[i])) return col[i]
  return NaN
}

/** λ0 of the NTK claims: λ_min(H∞) when recorded, else λ_min(H(0)). */
function lambda0(read: ColumnReader): number {
  const l = first(read('ntkLambda0'))
  return Number.isFinite(l) ? l : first(read('ntkLambdaMin'))
}

/**
 * The reference lines over a chart of `metric`:
 * - λ_min(H): the level λ0/2 it must stay above;
 * - train risk of an NTK run (probe set = training set): the bound R(0)·e^{−2λ0 t/n}, the paper's
 *   e^{−λ0 t} in our time and risk normalisation;
 * - spread of the weights with Langevin noise and decay: the Ornstein–Uhlenbeck level 1/(βλ).
 */
export function referenceLines(
  metric: string,
  spec: ExperimentSpec | null | undefined,
  read: ColumnReader
): ReferenceLine[] {
  if (!spec) return []
  const out: ReferenceLine[] = []
  const ntk = spec.observe.observables.includes('ntkGram')
  if (metric === 'ntkLambdaMin' && ntk) {
    const l0 = lambda0(read)
    if (l0 > 0) out.push({ label: 'λ0/2', y: () => l0 / 2 })
  }
  if (metric === 'trainRisk' && ntk && spec.observe.probeSize >= spec.task.trainSize) {
    const l0 = lambda0(read)
    const r0 = first(read('trainRisk'))
    const t0 = first(read('time'))
    const n = spec.task.trainSize
    if (l0 > 0 && r0 > 0 && Number.isFinite(t0))
      out.push({ label: 'bound e^(−λ0·t)', y: (t) => r0 * Math.exp((-2 * l0 * (t - t0)) / n) })
  }
  if (metric === 'wMeanSquare') {
    const beta = inverseTemperature(spec.dynamics)
    const lambda = spec.dynamics.lambda
    if (Number.isFinite(beta) && lambda > 0)
      out.push({ label: '1/(βλ)', y: () => 1 / (beta * lambda) })
  }
  return out
}

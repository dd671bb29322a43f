/**
 * Every metric column a run records, in words a student knows: the label charts, menus and
 * exports show instead of the column name, and the unit or symbol of its value (empty when it is
 * a pure number). The column names are the contract of observe/observable-columns.ts and
 * engine/simulation-types.ts; this table is the only place that names them for people.
 */
export interface MetricLabel {
  label: string
  /** The symbol or unit shown on an axis beside the label; '' for none. */
  unit: string
}

export const METRIC_LABELS: Readonly<Record<string, MetricLabel>> = {
  step: { label: 'Step', unit: 'k' },
  time: { label: 'Time', unit: 't = Σ sₖ' },
  risk: { label: 'Test risk', unit: 'E(y − f)²' },
  trainRisk: { label: 'Train risk', unit: 'E(y − f)²' },
  cleanRisk: { label: 'Test risk against clean labels', unit: 'E(E[y|x] − f)²' },
  pdeRisk: { label: 'Risk predicted by the PDE', unit: 'E(y − f)²' },
  meanNormW: { label: 'Typical neuron size', unit: '√mean ‖wᵢ‖²' },
  l2: { label: 'Weight penalty', unit: '(λ/2)·mean ‖θᵢ‖²' },
  objective: { label: 'Objective G(μ)', unit: 'G(μ)' },
  energy: { label: 'Energy (half the train risk)', unit: '½R' },
  entropy: { label: 'Entropy of the neurons', unit: 'nats' },
  freeEnergy: { label: 'Free energy', unit: 'F = energy + penalty − H/β' },
  wMeanSquare: { label: 'Spread of the weights', unit: 'mean wᵢⱼ²' },
  equipartition: { label: 'Equipartition ratio', unit: '1 at equilibrium' },
  alignment: { label: 'Kernel–target alignment', unit: 'yᵀKy / (‖K‖ ‖y‖²)' },
  dof: { label: 'Effective degrees of freedom d(μ)', unit: 'tr K(K + cI)⁻¹' },
  ntkLambdaMin: { label: 'Smallest NTK eigenvalue λ_min(H)', unit: 'λ_min(H(t))' },
  ntkGramDrift: { label: 'Change of the NTK Gram matrix', unit: '‖H(t) − H(0)‖ / ‖H(0)‖' },
  ntkLambda0: { label: 'Infinite-width eigenvalue λ0', unit: 'λ_min(H∞)' },
  ntkLimitGap: { label: 'Distance to the infinite-width Gram', unit: '‖H(0) − H∞‖ / ‖H∞‖' },
  movement: { label: 'How far the weights moved', unit: '‖θ(t) − θ(0)‖ / ‖θ(0)‖' },
  maxCos: { label: 'Best alignment with the target direction', unit: 'max |cos(wᵢ, w*)|' },
  meanAbsCos: { label: 'Mean alignment with the target direction', unit: 'mean |cos(wᵢ, w*)|' },
  meanS: { label: 'Mean component along the target', unit: 'mean ⟨wᵢ, w*⟩/‖w*‖' },
  meanR: { label: 'Mean component across the target', unit: 'mean ‖P⊥wᵢ‖' }
}

/** The label of a metric column; an unknown column reads as itself split into words. */
export function metricLabel(key: string): string {
  const known = METRIC_LABELS[key]
  if (known) return known.label
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "Free energy (F = energy + penalty − H/β)": an axis title with the unit when it has one. */
export function metricAxisTitle(key: string): string {
  const unit = METRIC_LABELS[key]?.unit
  return unit ? `${metricLabel(key)} (${unit})` : metricLabel(key)
}

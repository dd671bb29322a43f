import type { InitLaw, ModelSpec } from '../spec/experiment-spec'
import { Rng } from './rng'

/**
 * The M particles θ_i = (a_i, b_i, w_i) of a two-layer network (docs/science.md#model), float64.
 * `w` is row-major M×d: w_i = w[i·d … i·d + d − 1].
 */
export interface Particles {
  m: number
  d: number
  a: Float64Array
  b: Float64Array
  w: Float64Array
}

/** A labelled sample set: x row-major n×d, y of length n. */
export interface Dataset {
  n: number
  d: number
  x: Float64Array
  y: Float64Array
}

export function allocParticles(m: number, d: number): Particles {
  return { m, d, a: new Float64Array(m), b: new Float64Array(m), w: new Float64Array(m * d) }
}

export function cloneParticles(p: Particles): Particles {
  return { m: p.m, d: p.d, a: p.a.slice(), b: p.b.slice(), w: p.w.slice() }
}

/** Draws the initial particles from the model's init laws with the run's 'init' stream. */
export function initParticles(model: ModelSpec, d: number, seed: number): Particles {
  const rng = new Rng(seed, 'init')
  const p = allocParticles(model.width, d)
  for (let i = 0; i < p.m; i++) {
    p.a[i] = draw(model.init.a, rng, d)
    p.b[i] = model.bias ? draw(model.init.b, rng, d) : 0
    for (let k = 0; k < d; k++) p.w[i * d + k] = draw(model.init.w, rng, d)
  }
  return p
}

function draw(law: InitLaw, rng: Rng, d: number): number {
  switch (law.kind) {
    case 'constant':
      return law.value
    case 'sign':
      return law.value * rng.sign()
    case 'normal':
      return law.mean + (law.scaleByDim ? law.std / Math.sqrt(d) : law.std) * rng.normal()
  }
}

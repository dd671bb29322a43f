import type { Particles } from '../particles'
import { groupDim, trainedCoordinates, type ParameterGroups } from './trained-coordinates'

/**
 * Relative parameter movement ‖θ_t − θ_0‖/‖θ_0‖ of two flat parameter vectors of equal length
 * (docs/science.md#observables; small in the lazy / NTK regime). 0 when both are 0, Infinity when only θ_0 is 0.
 */
export function relativeMovement(theta: ArrayLike<number>, theta0: ArrayLike<number>): number {
  if (theta.length !== theta0.length)
    throw new RangeError(`parameter vectors differ in length: ${theta.length} vs ${theta0.length}`)
  let diff2 = 0
  let base2 = 0
  for (let i = 0; i < theta.length; i++) {
    diff2 += (theta[i] - theta0[i]) ** 2
    base2 += theta0[i] ** 2
  }
  if (base2 === 0) return diff2 === 0 ? 0 : Infinity
  return Math.sqrt(diff2 / base2)
}

/** relativeMovement of the particles' chosen groups (all of a, b, w by default). */
export function particleMovement(
  p: Particles,
  p0: Particles,
  groups: ParameterGroups = { a: true, b: true, w: true }
): number {
  if (p.m !== p0.m || p.d !== p0.d || groupDim(p.d, groups) !== groupDim(p0.d, groups))
    throw new RangeError('particle sets differ in shape')
  return relativeMovement(trainedCoordinates(p, groups), trainedCoordinates(p0, groups))
}

export { datasetRisk, populationRisk, type RiskEstimate } from './risk-estimate'
export {
  freeEnergy,
  freeEnergyOf,
  type FreeEnergyInputs,
  type FreeEnergyParts
} from './free-energy'
export { knnEntropy } from './knn-entropy'
export { l2Penalty } from './l2-penalty'
export { histogram, type Histogram, type HistogramOptions } from './histogram'
export { quantiles } from './quantiles'
export { rowNorms } from './row-norms'
export { maxAbsCosine, plantedProjection, type PlantedProjection } from './planted-projection'
export { particleMovement, relativeMovement } from './relative-movement'
export { groupDim, trainedCoordinates, type ParameterGroups } from './trained-coordinates'
export { digamma, logGamma, logUnitBallVolume } from './special-functions'

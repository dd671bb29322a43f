export {
  exactSecondLayer,
  reducedObjective,
  ridgeObjective,
  secondLayerWeights,
  shiftedSolve,
  weightsFromCoefficients,
  type ExactSecondLayer
} from './exact-second-layer'
export {
  firstLayerStep,
  neuronFeatureVector,
  neuronPotentialGradient,
  type FirstLayerStepParams,
  type NeuronPotential,
  type NeuronPotentialGradient
} from './first-layer-step'
export {
  particleCoordinates,
  secondLayerPotential,
  setOptimalSecondLayer,
  twoTimescaleObjective,
  twoTimescaleStep,
  type TwoTimescaleObjective,
  type TwoTimescaleParams,
  type TwoTimescaleStepInfo
} from './two-timescale'
export {
  dofPotential,
  drawLabelNoise,
  expectedNoisyFitObjective,
  fitDegreesOfFreedom,
  kernelSummary,
  labelNoisePotential,
  labelNoiseStep,
  noisyFitObjective,
  sumPotentials,
  type LabelNoiseMode,
  type LabelNoiseParams,
  type LabelNoiseStepInfo
} from './label-noise'
export { ntkGdStep, ntkInit, ntkLoss, ntkPredict, ntkSgdStepSize } from './ntk-lazy'
export { linearisedPredict, linearisedStep } from './linearised'

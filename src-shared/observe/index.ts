export {
  OBSERVABLE_COLUMNS,
  type ObservableColumn,
  type ObservableName
} from './observable-columns'
export {
  computeObservables,
  createObservableCache,
  DEFAULT_MAX_ENTROPY_POINTS,
  ridgeShift,
  trainedGroups,
  type ObservableCache,
  type ObservableContext
} from './observables'
export { probeSet } from './probe-set'

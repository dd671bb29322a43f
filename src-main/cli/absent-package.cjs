// Stands in for an optional package that the bundles leave out on purpose (see bundle-policy.mjs):
// the code that probes it catches this error and carries on without it.
const error = new Error('optional package left out of the Mean-Field Lab bundles')
error.code = 'MODULE_NOT_FOUND'
throw error

/** Entry names inside a `.mflab` archive (one place, used by the encoder, decoder and migrations). */
export const MANIFEST_ENTRY = 'manifest.json'

/** Names usable for a series or data array: they become part of an entry name. */
export const ARRAY_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/

/** Whether a series or data array may be called `name` ('__proto__' would not survive as a key). */
export function isArrayName(name: string): boolean {
  return ARRAY_NAME.test(name) && name !== '__proto__'
}

export const seriesEntry = (name: string): string => `series/${name}.f64`
export const dataEntry = (name: string): string => `data/${name}.f64`
export const snapshotEntry = (step: number, part: 'a' | 'b' | 'w'): string =>
  `snapshots/${step}/${part}.f32`
export const checkpointEntry = (part: 'a' | 'b' | 'w'): string => `checkpoint/${part}.f64`
export const HISTOGRAM_META = 'histograms/meta.f64'
export const HISTOGRAM_EDGES = 'histograms/edges.f64'
export const HISTOGRAM_COUNTS = 'histograms/counts.f64'
/** The PDE overlay's counts, bins per histogram like counts (NaN rows where a histogram has none). */
export const HISTOGRAM_PDE_COUNTS = 'histograms/pde-counts.f64'

/**
 * The ids a spec's `preset` may name, in the app's order. Kept apart from presets.ts (which builds
 * the specs through the schema) so the schema can check the field without an import cycle; a unit
 * test holds this list equal to the presets'.
 */
export const PRESET_IDS = [
  'mmn-two-gaussians',
  'lazy-vs-mean-field',
  'propagation-of-chaos',
  'langevin-free-energy',
  'bad-minimum-escape',
  'ntk-gram',
  'random-features-vs-network',
  'two-timescale-kernel',
  'label-noise-dof'
] as const

/**
 * Whether `id` is a preset's id. A plain list lookup, never an object's keys, so '__proto__',
 * 'constructor' or 'toString' are not mistaken for presets.
 */
export function isPresetId(id: string): boolean {
  return (PRESET_IDS as readonly string[]).includes(id)
}

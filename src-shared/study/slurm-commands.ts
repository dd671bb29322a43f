import type { PresetSweepPlan } from './preset-study'
import { STUDY_EXTENSION } from './study-manifest-schema'

/** A word quoted for a POSIX shell: unchanged when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** The study folder a sweep is given by default: `<preset>-<last part of the param>-sweep`. */
export function slurmFolderName(plan: PresetSweepPlan): string {
  const param = plan.param.split('.').at(-1) ?? 'param'
  return `${plan.preset}-${param}-sweep`.replace(/[^A-Za-z0-9._-]+/g, '-')
}

/**
 * The two commands that run a sweep on a Slurm cluster, to copy into a login node's shell:
 * `submit` plans the same study as the app (same planner, seeds and specs) into `dir` and submits
 * its job array; `collect` gathers the finished runs into a study file later.
 */
export function slurmSweepCommands(
  plan: PresetSweepPlan,
  dir = slurmFolderName(plan)
): { submit: string; collect: string } {
  const words = [
    'mflab',
    'sweep',
    '--preset',
    plan.preset,
    '--size',
    plan.size ?? 'default',
    '--param',
    plan.param,
    '--values',
    plan.values.map(String).join(','),
    '--seeds',
    plan.seeds.join(','),
    '--slurm',
    dir,
    '--submit'
  ]
  return {
    submit: words.map(shellQuote).join(' '),
    collect: `mflab sweep --collect ${shellQuote(dir)} -o ${shellQuote(dir + STUDY_EXTENSION)}`
  }
}

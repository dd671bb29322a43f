import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { loadStudyFile } from '../../../src-main/backend/study-runner'
import { planPresetSweep, planPresetVariantStudy } from '@shared/study/preset-study'
import { slurmSweepCommands } from '@shared/study/slurm-commands'
import { slurmResources } from '@shared/study/study-estimate'
import { buildCli, cli, CLI, lastJson, type CliResult } from '../cli/run-cli'

// The Slurm study folder without a cluster: what --slurm writes, and what --collect makes of the
// files alone (the real sbatch/squeue path is test/slurm/sweep-slurm.test.mjs, run by .ci/run).
const dir = mkdtempSync(join(tmpdir(), 'mflab-slurm-cli-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Two variants × two seeds: four runs (the variant study a preset runs at ci size may grow).
const VARIANTS = [
  '--preset',
  'random-features-vs-network',
  '--variants',
  '--size',
  'ci',
  '--seeds',
  '1,2'
]

function expectUsageError(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^mflab: sweep: /)
  expect(lines[0]).toMatch(pattern)
}

describe('mflab sweep --slurm / --collect (files only)', () => {
  it('writes the plan, one session per run, the array script with estimated resources, and the commands', async () => {
    const r = await cli(
      [
        'sweep',
        ...VARIANTS,
        '--slurm',
        'study',
        '--partition',
        'short',
        '--account',
        'lab42',
        '--throttle',
        '3',
        '--sbatch-line=--gres=gpu:1',
        '--sbatch-line',
        '#SBATCH --qos=low'
      ],
      dir
    )
    expect(r.code, r.stderr).toBe(0)
    const s = lastJson(r)
    const expected = slurmResources(
      planPresetVariantStudy('random-features-vs-network', { size: 'ci', seeds: [1, 2] }).runs.map(
        (x) => x.session.spec
      )
    )
    expect(s).toMatchObject({
      status: 'written',
      runs: 4,
      jobId: null,
      submit: 'cd study && sbatch mflab-array.sbatch',
      collect: 'mflab sweep --collect study -o STUDY.mflabstudy',
      resources: expected
    })
    const script = readFileSync(join(dir, 'study', 'mflab-array.sbatch'), 'utf8')
    const sbatch = script.split('\n').filter((l) => l.startsWith('#SBATCH'))
    expect(sbatch).toEqual([
      expect.stringMatching(/^#SBATCH --job-name=mflab-study-[0-9a-f]{6}$/),
      '#SBATCH --array=0-3%3',
      `#SBATCH --cpus-per-task=${expected.cpusPerTask}`,
      `#SBATCH --mem=${expected.memoryMiB}M`,
      `#SBATCH --time=00:${String(expected.timeMinutes).padStart(2, '0')}:00`,
      '#SBATCH --output=logs/%A_%a.out',
      '#SBATCH --partition=short',
      '#SBATCH --account=lab42',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --qos=low'
    ])
    // The default command: the node on PATH and this bundled CLI.
    expect(script).toContain(`mflab() { node ${CLI} "$@"; }`)
    const plan = await loadStudyFile(join(dir, 'study', 'plan.mflabstudy'))
    expect(plan.runs.map((x) => x.label)).toEqual([
      'both layers',
      'both layers',
      'random features (a only)',
      'random features (a only)'
    ])
    for (const run of plan.runs) {
      const { session } = await loadSessionFile(join(dir, 'study', 'runs', `${run.index}.mflab`))
      expect(session.spec).toEqual(run.session.spec)
      expect(session.status).toBe('created')
    }
  })

  it('refuses to overwrite a study folder, and options that do not belong together', async () => {
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--slurm', 'study'], dir),
      /study already holds a Slurm study/
    )
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--submit', '-o', 'x.mflabstudy'], dir),
      /--submit goes with --slurm DIR/
    )
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--slurm', 'b', '-o', 'x.mflabstudy'], dir),
      /-o does not apply with --slurm/
    )
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--slurm', 'c', '--jobs', '2'], dir),
      /--jobs does not apply/
    )
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--slurm', 'd', '--sbatch-line', 'gres=gpu:1'], dir),
      /--sbatch-line: 'gres=gpu:1' is not an sbatch option/
    )
    expectUsageError(
      await cli(['sweep', ...VARIANTS, '--slurm', 'e', '--partition', 'a\n#SBATCH --x'], dir),
      /--partition "a\\n#SBATCH --x" is not a Slurm partition name/
    )
    expectUsageError(await cli(['sweep', '--collect', 'study'], dir), /--collect needs -o FILE/)
    expectUsageError(
      await cli(['sweep', '--collect', 'study', '--preset', 'x', '-o', 'y.mflabstudy'], dir),
      /--preset cannot be used with --collect/
    )
    expectUsageError(
      await cli(['sweep', '--collect', 'nowhere', '-o', 'y.mflabstudy'], dir),
      /nowhere\/slurm.json: not found/
    )
    expectUsageError(
      await cli(['sweep', '--resubmit', '-o', 'y.mflabstudy'], dir),
      /--resubmit goes with --collect DIR/
    )
  })

  it('collects from the files alone: completed, timed out (from the log), never started, unreadable', async () => {
    const run0 = await cli(['run', join('study', 'runs', '0.mflab'), '--backend', 'js'], dir)
    expect(run0.code, run0.stderr).toBe(0)
    copyFileSync(join(dir, 'study', 'runs', '0.mflab'), join(dir, 'run0-done.mflab'))
    writeFileSync(join(dir, 'study', 'runs', '3.mflab'), 'not a session')
    // What slurmstepd writes into a task's output when the time limit ends it.
    writeFileSync(
      join(dir, 'study', 'logs', '77_1.out'),
      'mflab: task 1 of job 77 on n1: runs/1.mflab from step 0\n' +
        'slurmstepd: error: *** JOB 78 ON n1 CANCELLED AT 2026-12-04T18:00:00 DUE TO TIME LIMIT ***\n'
    )
    const r = await cli(['sweep', '--collect', 'study', '-o', 'part.mflabstudy'], dir)
    expect(r.code, r.stderr).toBe(3)
    const s = lastJson(r) as {
      status: string
      collected: number
      unfinished: { index: number; jobId: string | null; state: string; detail: string }[]
      claims: { met: boolean | null }[]
    }
    expect(s.status).toBe('unfinished')
    expect(s.collected).toBe(1)
    expect(s.unfinished.map((u) => [u.index, u.jobId, u.state])).toEqual([
      [1, '77_1', 'timeout'],
      [2, null, 'missing'],
      [3, null, 'unreadable']
    ])
    expect(s.unfinished[0].detail).toBe('no checkpoint: reruns from step 0')
    expect(s.unfinished[1].detail).toBe('never started')
    expect(r.stderr).toMatch(
      /^sweep: run 4 \(variant=random features \(a only\), seed 2; array index 3\): unreadable \(.*3\.mflab: /m
    )
    // The claims that compare variants wait for the runs they need.
    expect(s.claims.some((c) => c.met === null)).toBe(true)
    const study = await loadStudyFile(join(dir, 'part.mflabstudy'))
    expect(study.runs.map((x) => x.session.status)).toEqual([
      'completed',
      'created',
      'created',
      'created'
    ])
    const { session } = await loadSessionFile(join(dir, 'run0-done.mflab'))
    expect(Array.from(study.runs[0].session.series.risk)).toEqual(Array.from(session.series.risk))
  })

  it("the Studies page's command, run through a shell, plans the study the app would run", async () => {
    const plan = {
      preset: 'mmn-two-gaussians',
      size: 'paper' as const,
      param: 'model.width',
      values: [100, 1000, 10000],
      seeds: [1, 2, 3]
    }
    const { submit } = slurmSweepCommands(plan)
    // Without --submit: there is no cluster here.
    const r = spawnSync(
      'sh',
      [
        '-c',
        `mflab() { "${process.execPath}" "${CLI}" "$@"; }; ${submit.replace(/ --submit$/, '')}`
      ],
      { cwd: dir, encoding: 'utf8' }
    )
    expect(r.status, r.stderr).toBe(0)
    const written = await loadStudyFile(
      join(dir, 'mmn-two-gaussians-width-sweep', 'plan.mflabstudy')
    )
    const app = planPresetSweep(plan)
    expect(written.runs.map((x) => x.session.spec)).toEqual(app.runs.map((x) => x.session.spec))
  })

  it('--resubmit without squeue is refused (a running task cannot be told from a dead one)', () => {
    const r = spawnSync(process.execPath, [CLI, 'sweep', '--collect', 'study', '--resubmit'], {
      cwd: dir,
      env: { ...process.env, PATH: '/nonexistent' },
      encoding: 'utf8'
    })
    expectUsageError(
      { code: r.status, signal: null, stdout: r.stdout, stderr: r.stderr },
      /--resubmit needs squeue to tell which runs are still queued/
    )
    const manifest = JSON.parse(readFileSync(join(dir, 'study', 'slurm.json'), 'utf8'))
    expect(manifest.submissions).toEqual([])
  })

  it('--force replaces a study folder, its run files and logs included', async () => {
    const sweep = 'sweep --preset mmn-two-gaussians --size ci --param model.width --values 20'
    const r = await cli([...sweep.split(' '), '--seeds', '1,2', '--slurm', 'study', '--force'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(readdirSync(join(dir, 'study', 'runs')).sort()).toEqual(['0.mflab', '1.mflab'])
    expect(readdirSync(join(dir, 'study', 'logs'))).toEqual([])
    const c = await cli(['sweep', '--collect', 'study', '-o', 'fresh.mflabstudy'], dir)
    expect(c.code).toBe(3)
    expect(
      (lastJson(c) as { unfinished: { state: string }[] }).unfinished.map((u) => u.state)
    ).toEqual(['missing', 'missing'])
  })
})

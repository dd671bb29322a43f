// `mflab sweep --slurm / --collect / --resubmit` against a real one-node Slurm cluster
// (slurm-cluster.mjs): the lazy-vs-mean-field variants at the ci size (2 scalings × 2 widths × 3
// seeds, 12 runs) go through sbatch as a job array and come back as the same study a local sweep
// saves, bit for bit. For the scancel path a four-run study (random-features-vs-network × seeds
// 1, 2, made longer) keeps the test short: a task killed with scancel is named by --collect,
// resubmitted, resumes from its checkpoint and completes the same study.
// Skipped, with the reason, where the cluster cannot run (not root, no packages).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { unzipSync } from 'fflate'
import { startCluster } from './slurm-cluster.mjs'

const ROOT = join(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'out', 'cli', 'mflab.cjs')
/** The study the issue names: the lazy-vs-mean-field variants at the ci size (12 runs). */
const LAZY_VS_MF = ['--preset', 'lazy-vs-mean-field', '--variants', '--size', 'ci']
/** A four-run study for the scancel/resubmit path. */
const VARIANTS = [
  '--preset',
  'random-features-vs-network',
  '--variants',
  '--size',
  'ci',
  '--seeds',
  '1,2'
]
/** Long enough (≈ 2–5 s a run) for a task to be caught running with an autosaved checkpoint. */
// Long enough (about 6 s a run here) that the first 1 s autosave lands well inside the first half:
// at 20 000 steps it came at step 10 200 on a quiet machine and the scancel test found no victim.
const LONG_STEPS = 60000
const LONGER = ['--set', `dynamics.steps=${LONG_STEPS}`, '--set', 'compute.autosaveSeconds=1']

const cluster = await startCluster()
const work = mkdtempSync(join(tmpdir(), 'mflab-slurm-test-'))
after(async () => {
  await cluster.stop?.()
  rmSync(work, { recursive: true, force: true })
})

/** Runs `mflab args…` in the work folder with the cluster's environment. */
function mflab(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env: cluster.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1)
      let json = null
      try {
        json = JSON.parse(last)
      } catch {
        // not a summary line; the assertions on `code` say why
      }
      resolve({ code, stdout, stderr, json })
    })
  })
}

const slurm = (cmd, args) =>
  spawnSync(cmd, args, { env: cluster.env, encoding: 'utf8' }).stdout.trim()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Waits until no task of the job is queued (pending or running). */
async function drained(jobId, seconds = 90) {
  const deadline = Date.now() + seconds * 1000
  while (slurm('squeue', ['-h', '-j', jobId]) !== '') {
    if (Date.now() > deadline) assert.fail(`job ${jobId} still queued after ${seconds} s`)
    await sleep(300)
  }
}

/** A run's session file as `mflab validate --json` reads it. */
function runInfo(dir, index) {
  const r = spawnSync(
    process.execPath,
    [CLI, 'validate', '--json', join(dir, 'runs', `${index}.mflab`)],
    {
      encoding: 'utf8'
    }
  )
  return r.status === 0 ? JSON.parse(r.stdout) : null
}

const text = (bytes) => new TextDecoder().decode(bytes)

/**
 * Asserts that two study files hold the same results: per run, every binary entry (metric
 * series, histograms, snapshots, checkpoint) byte for byte, and the same status, step, time and
 * final metrics; and the same claims with the same verdicts and values.
 */
function assertSameStudy(collectedFile, localFile) {
  const [a, b] = [collectedFile, localFile].map((f) => unzipSync(readFileSync(f)))
  const [ma, mb] = [a, b].map((z) => JSON.parse(text(z['manifest.json'])))
  assert.deepEqual(ma.values, mb.values)
  assert.deepEqual(ma.claims, mb.claims, 'the claims and their verdicts')
  assert.ok(ma.claims.length > 0)
  assert.equal(ma.runs.length, mb.runs.length)
  for (const [i, run] of ma.runs.entries()) {
    assert.equal(run.status, 'completed')
    assert.ok(run.seconds > 0, `run ${i}: seconds from the task's log`)
    assert.equal(run.finalRisk, mb.runs[i].finalRisk, `run ${i} final risk`)
    const [ra, rb] = [a, b].map((z) => unzipSync(z[run.entry]))
    const [sa, sb] = [ra, rb].map((z) => JSON.parse(text(z['manifest.json'])))
    for (const k of ['status', 'step', 'time', 'summary', 'claims'])
      assert.deepEqual(sa[k], sb[k], `run ${i}: ${k}`)
    const entries = Object.keys(rb).filter((k) => k !== 'manifest.json')
    assert.deepEqual(
      Object.keys(ra)
        .filter((k) => k !== 'manifest.json')
        .sort(),
      entries.sort()
    )
    assert.ok(entries.some((k) => k.startsWith('series/')))
    for (const k of entries)
      assert.ok(Buffer.from(ra[k]).equals(Buffer.from(rb[k])), `run ${i}: ${k} differs`)
  }
}

const skip = cluster.skip ?? false

describe('mflab sweep on a Slurm cluster', () => {
  before(() => {
    if (!skip && !existsSync(CLI)) assert.fail(`${CLI} is not built (npm run build)`)
  })

  it(
    'submits the lazy-vs-mean-field variants through sbatch and collects the study a local sweep saves, bit for bit',
    { skip },
    async () => {
      const local = await mflab(['sweep', ...LAZY_VS_MF, '-o', 'local.mflabstudy'])
      assert.equal(local.code, 0, local.stderr)

      const sub = await mflab(['sweep', ...LAZY_VS_MF, '--slurm', 'study', '--submit'])
      assert.equal(sub.code, 0, sub.stderr)
      assert.equal(sub.json.status, 'submitted')
      assert.match(sub.json.jobId, /^\d+$/)
      assert.equal(sub.json.runs, 12)
      const script = readFileSync(join(work, 'study', 'mflab-array.sbatch'), 'utf8')
      assert.match(script, /^#SBATCH --array=0-11$/m)
      assert.match(script, /^#SBATCH --mem=\d+M$/m)
      await drained(sub.json.jobId)

      // Every task wrote its own file and nothing else: run files, the plan, the manifest, logs.
      assert.deepEqual(
        readdirSync(join(work, 'study', 'runs')).sort(),
        Array.from({ length: 12 }, (_, i) => `${i}.mflab`).sort()
      )
      const col = await mflab(['sweep', '--collect', 'study', '-o', 'collected.mflabstudy'])
      assert.equal(col.code, 0, col.stderr)
      assert.equal(col.json.status, 'completed')
      assert.deepEqual(col.json.unfinished, [])
      assert.deepEqual(col.json.claims, local.json.claims)
      assert.deepEqual(col.json.summary, local.json.summary)
      assertSameStudy(join(work, 'collected.mflabstudy'), join(work, 'local.mflabstudy'))
    }
  )

  it(
    'names a task killed with scancel, resubmits it from its checkpoint, and completes the same study',
    { skip },
    async () => {
      const local = await mflab(['sweep', ...VARIANTS, ...LONGER, '-o', 'local-long.mflabstudy'])
      assert.equal(local.code, 0, local.stderr)

      const dir = join(work, 'long')
      const sub = await mflab([
        'sweep',
        ...VARIANTS,
        ...LONGER,
        '--throttle',
        '2',
        '--slurm',
        'long',
        '--submit'
      ])
      assert.equal(sub.code, 0, sub.stderr)
      const job = sub.json.jobId

      // Catch a task running with an autosaved checkpoint in its first half (so that it cannot
      // finish before scancel reaches it), and cancel it.
      let victim = null
      const seen = []
      for (const deadline = Date.now() + 120_000; victim === null && Date.now() < deadline;) {
        const running = slurm('squeue', ['-h', '-j', job, '-t', 'RUNNING', '-o', '%K'])
          .split('\n')
          .filter(Boolean)
          .map(Number)
        for (const i of running) {
          const info = runInfo(dir, i)
          seen.push(`${i}:${info?.status}@${info?.checkpointStep}`)
          if (
            info?.status === 'running' &&
            info.checkpointStep > 0 &&
            info.checkpointStep < info.steps / 2
          ) {
            victim = { index: i, step: info.checkpointStep }
            break
          }
        }
        if (victim === null) await sleep(100)
      }
      assert.ok(
        victim,
        `no task was caught running with a checkpoint in its first half; seen: ${seen.slice(-20).join(' ')}`
      )
      spawnSync('scancel', [`${job}_${victim.index}`], { env: cluster.env })
      await drained(job)

      const col = await mflab(['sweep', '--collect', 'long', '-o', 'partial.mflabstudy'])
      assert.equal(col.code, 3, col.stderr)
      assert.equal(col.json.status, 'unfinished')
      assert.equal(col.json.collected, 3)
      assert.deepEqual(
        col.json.unfinished.map((u) => [u.index, u.jobId, u.state]),
        [[victim.index, `${job}_${victim.index}`, 'cancelled']]
      )
      assert.match(
        col.stderr,
        new RegExp(
          `array index ${victim.index}, job ${job}_${victim.index}\\): cancelled \\(checkpoint at step \\d+`
        )
      )

      const re = await mflab(['sweep', '--collect', 'long', '--resubmit'])
      assert.equal(re.code, 3, re.stderr)
      assert.deepEqual(re.json.resubmitted.indices, [victim.index])
      await drained(re.json.resubmitted.jobId)
      const log = readFileSync(
        join(dir, 'logs', `${re.json.resubmitted.jobId}_${victim.index}.out`),
        'utf8'
      )
      assert.match(log, /--resume/, 'the resubmitted task resumed from the checkpoint')
      const resumedFrom = Number(/"stepsRun":(\d+)/.exec(log)?.[1])
      assert.ok(
        resumedFrom < LONG_STEPS,
        `the resubmitted task ran ${resumedFrom} steps, not all ${LONG_STEPS}`
      )

      const done = await mflab(['sweep', '--collect', 'long', '-o', 'collected-long.mflabstudy'])
      assert.equal(done.code, 0, done.stderr)
      assert.equal(done.json.status, 'completed')
      assertSameStudy(join(work, 'collected-long.mflabstudy'), join(work, 'local-long.mflabstudy'))
    }
  )
})

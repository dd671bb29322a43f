import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The Python peers of `mflab bench`: the same step written the way a user would write it, run in
 * the same command as the lab. Two kinds per workload:
 * - straightforward: `test/bench/torch_steps.py` (plain eager PyTorch, fresh temporaries);
 * - best written: `test/bench/peers/*.py` (numpy with preallocated buffers and in-place ufuncs,
 *   PyTorch in place, one BLAS thread where that is faster on a small machine).
 * Each peer prints its result as the last line; a peer whose Python lacks numpy or torch is skipped
 * with the reason.
 */
export interface PeerRun {
  /** Short name used in the goals line, e.g. 'numpy in place'. */
  name: string
  /** 'straightforward' or 'best written'. */
  kind: 'straightforward' | 'best written'
  /** The Python module the peer needs. */
  module: 'torch' | 'numpy'
  /** Script path under test/bench/ and its arguments. */
  script: string
  args: string[]
}

/** A peer's measured speed, or why it did not run. */
export type PeerResult =
  | { name: string; kind: PeerRun['kind']; stepsPerSecond: number; detail: string }
  | { name: string; kind: PeerRun['kind']; skipped: string }

/** Where test/bench lives: the repository root (cwd) or beside the bundled CLI (out/cli). */
export function benchDir(): string | null {
  return (
    [join(process.cwd(), 'test/bench'), join(__dirname, '../../test/bench')].find((p) =>
      existsSync(join(p, 'torch_steps.py'))
    ) ?? null
  )
}

const pythonFor = new Map<string, string | null>()

/**
 * A python3 that imports `module`, among $MFLAB_PYTHON, Debian's /usr/bin/python3 and python3 on
 * PATH: the one whose `module` multiplies float32 matrices fastest. A machine may have several
 * (Debian's numpy on the reference BLAS beside a pip numpy on OpenBLAS), and the peers must run on
 * the best of them, or a ratio against them says nothing.
 */
export function findPython(module: string): string | null {
  if (pythonFor.has(module)) return pythonFor.get(module)!
  const candidates = [process.env.MFLAB_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (c): c is string => !!c
  )
  const probe =
    module === 'torch'
      ? 'import time, torch\na = torch.ones(384, 384)\nf = lambda: a @ a'
      : `import time, ${module} as np\na = np.ones((384, 384), np.float32)\nf = lambda: a @ a`
  let found: string | null = null
  let best = Infinity
  const seen = new Set<string>()
  for (const py of candidates) {
    const r = spawnSync(
      py,
      [
        '-c',
        `${probe}\nimport sys\nf()\nt = time.perf_counter()\nfor _ in range(8): f()\nprint(sys.executable, time.perf_counter() - t)`
      ],
      { encoding: 'utf8', timeout: 60_000 }
    )
    if (r.status !== 0) continue
    const [exe, secs] = (r.stdout || '').trim().split(/\s+(?=\S+$)/)
    if (seen.has(exe)) continue
    seen.add(exe)
    const t = Number(secs)
    if (Number.isFinite(t) && t < best) {
      best = t
      found = py
    }
  }
  pythonFor.set(module, found)
  return found
}

/** Runs one peer script and reads its `RESULT {json}` line (steps_per_s). */
export function runPeer(peer: PeerRun): PeerResult {
  const base = { name: peer.name, kind: peer.kind }
  const dir = benchDir()
  if (!dir) return { ...base, skipped: 'test/bench not found (run from the repository root)' }
  const py = findPython(peer.module)
  if (!py)
    return {
      ...base,
      skipped: `no python3 with ${peer.module} (Debian: apt-get install python3-${peer.module})`
    }
  const r = spawnSync(py, [join(dir, peer.script), ...peer.args], { encoding: 'utf8' })
  const last = (r.stdout || '').trim().split('\n').pop() ?? ''
  if (r.status !== 0 || !last.startsWith('RESULT '))
    return { ...base, skipped: `failed: ${(r.stderr || '').trim().split('\n').pop()}` }
  const j = JSON.parse(last.slice(7)) as {
    steps_per_s: number
    threads?: number
    blas_threads?: number
    numpy?: string
    torch?: string
  }
  const lib = j.torch ? `torch ${j.torch}` : `numpy ${j.numpy}`
  const threads = j.blas_threads
    ? `${j.threads} threads, ${j.blas_threads} BLAS`
    : `${j.threads} threads`
  return { ...base, stepsPerSecond: j.steps_per_s, detail: `${lib}, ${threads}` }
}

/** The best-written peers of a workload, sized to run for about `seconds` each. */
export function bestPeers(workload: string, seconds: number): PeerRun[] {
  const best = 'best written' as const
  if (workload === 'W2') {
    const steps = String(Math.max(4, Math.round(seconds * 12)) + 1)
    const common = ['--steps', steps, '--test', '1000']
    return [
      {
        name: 'numpy in place',
        kind: best,
        module: 'numpy',
        script: 'peers/w2_numpy.py',
        args: [...common, '--variant', 'inplace', '--threads', '2']
      },
      {
        name: 'PyTorch in place, 1 BLAS thread',
        kind: best,
        module: 'torch',
        script: 'peers/w2_torch.py',
        args: [...common, '--grad', 'inplace', '--threads', '2', '--blas-threads', '1']
      }
    ]
  }
  if (workload === 'W1' || workload === 'W1n') {
    const steps = String(Math.max(2000, Math.round(seconds * 5000)))
    // W1's peers run noiseless (β = ∞); W1n's at their default β = 1e4
    const beta = workload === 'W1' ? ['--beta', 'inf'] : []
    const common = ['--steps', steps, '--test', '1000', '--threads', '1', ...beta]
    return [
      {
        name: 'PyTorch, 1 thread',
        kind: best,
        module: 'torch',
        script: 'peers/w1_torch.py',
        args: common
      },
      {
        name: 'numpy, 1 thread',
        kind: best,
        module: 'numpy',
        script: 'peers/w1_numpy.py',
        args: common
      }
    ]
  }
  return []
}

/** The straightforward eager PyTorch step of a workload (test/bench/torch_steps.py), if it has one. */
export function plainPeers(workload: string, seconds: number, device: string): PeerRun[] {
  if (workload !== 'W1' && workload !== 'W1b' && workload !== 'W2') return []
  const args = [workload, '--device', device, '--seconds', String(seconds)]
  const eager = (threads: string[], name: string): PeerRun => ({
    name,
    kind: 'straightforward',
    module: 'torch',
    script: 'torch_steps.py',
    args: [...args, ...threads]
  })
  // PyTorch's thread pool can lose to one thread on 2 busy cores: both run, the faster one counts
  return device === 'cpu'
    ? [eager([], 'PyTorch eager, all cores'), eager(['--threads', '1'], 'PyTorch eager, 1 thread')]
    : [eager([], `PyTorch eager, ${device}`)]
}

/** Reads torch_steps.py's one-line JSON into the same shape as the peers' RESULT lines. */
export function runPlainPeer(peer: PeerRun): PeerResult {
  const base = { name: peer.name, kind: peer.kind }
  const dir = benchDir()
  if (!dir) return { ...base, skipped: 'test/bench not found (run from the repository root)' }
  const py = findPython('torch')
  if (!py)
    return { ...base, skipped: 'no python3 with torch (Debian: apt-get install python3-torch)' }
  const r = spawnSync(py, [join(dir, peer.script), ...peer.args], { encoding: 'utf8' })
  if (r.status !== 0)
    return { ...base, skipped: `failed: ${(r.stderr || '').trim().split('\n').pop()}` }
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    stepsPerSecond: number
    torch: string
    threads: number
  }
  return {
    ...base,
    stepsPerSecond: j.stepsPerSecond,
    detail: `torch ${j.torch}, ${j.threads} threads`
  }
}

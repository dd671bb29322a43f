// A one-node Slurm cluster for the tests: munged, slurmctld and slurmd on 127.0.0.1, with a
// slurm.conf written for this machine's cores and memory in a temporary folder (nothing under
// /etc is touched; clients find it through SLURM_CONF). Installs Debian's slurm-wlm parts and
// munge with apt-get when they are missing and we are root. Settings that work in a container
// without systemd or cgroup delegation: proctrack/linuxproc, task/none, no accounting, every
// daemon and job as root.
import { execFileSync, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync
} from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism, hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd']
const CLIENTS = ['sbatch', 'squeue', 'scancel', 'sinfo']
const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client', 'munge']
export const PARTITION = 'mflab'

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
const installed = () => DAEMONS.every((d) => existsSync(d)) && CLIENTS.every(onPath)

/** Installs the packages with apt-get; returns null or why it could not. */
function install() {
  if (process.env.MFLAB_APT === 'never') return 'slurm-wlm is not installed and MFLAB_APT=never'
  if (!onPath('apt-get')) return 'slurm-wlm is not installed and there is no apt-get'
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const get = (args) =>
    spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], { env, encoding: 'utf8' })
  let r = get(['install', '-y', '-q', '--no-install-recommends', ...PACKAGES])
  if (r.status !== 0) {
    get(['update', '-q'])
    r = get(['install', '-y', '-q', '--no-install-recommends', ...PACKAGES])
  }
  if (r.status !== 0 || !installed())
    return `apt-get install ${PACKAGES.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`
  return null
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function tail(file, lines = 5) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

/**
 * Starts the cluster. Resolves with `{ skip: reason }` where it cannot run here (not root, not
 * Linux, no packages, MFLAB_SLURM=never), or with `{ env, partition, stop }`: the environment for
 * Slurm clients (SLURM_CONF) and a stop() that cancels every job, stops the daemons and removes
 * the folder. A cluster that is installed but does not come up throws, with its daemons' logs.
 */
export async function startCluster() {
  if (process.env.MFLAB_SLURM === 'never') return { skip: 'MFLAB_SLURM=never' }
  if (process.platform !== 'linux') return { skip: 'the test cluster needs Linux' }
  if (process.getuid?.() !== 0)
    return { skip: 'starting slurmctld and slurmd needs root (CI runs as root)' }
  if (!installed()) {
    const why = install()
    if (why) return { skip: why }
  }
  const dir = mkdtempSync(join(tmpdir(), 'mflab-slurm-'))
  for (const d of ['munge', 'ctld', 'spool', 'log']) mkdirSync(join(dir, d))
  chmodSync(dir, 0o755)
  const key = join(dir, 'munge', 'munge.key')
  writeFileSync(key, randomBytes(1024), { mode: 0o400 })
  const socket = join(dir, 'munge', 'socket')
  const host = hostname().split('.')[0]
  const memMiB = Math.floor(
    (Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))[1]) / 1024) * 0.9
  )
  const [ctldPort, dPort] = [await freePort(), await freePort()]
  const conf = join(dir, 'slurm.conf')
  writeFileSync(
    conf,
    `ClusterName=mflabtest
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctldPort}
SlurmdPort=${dPort}
AuthType=auth/munge
AuthInfo=socket=${socket}
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=${join(dir, 'ctld')}
SlurmdSpoolDir=${join(dir, 'spool')}
SlurmctldPidFile=${join(dir, 'slurmctld.pid')}
SlurmdPidFile=${join(dir, 'slurmd.pid')}
SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}
SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
InactiveLimit=0
KillWait=5
MinJobAge=600
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${availableParallelism()} RealMemory=${memMiB} State=UNKNOWN
PartitionName=${PARTITION} Nodes=${host} Default=YES MaxTime=INFINITE State=UP
`
  )
  const env = { ...process.env, SLURM_CONF: conf }
  const pids = () =>
    ['slurmd.pid', 'slurmctld.pid', join('munge', 'munged.pid')]
      .map((f) => join(dir, f))
      .filter(existsSync)
      .map((f) => Number(readFileSync(f, 'utf8').trim()))
      .filter((p) => p > 0)
  const stop = async () => {
    spawnSync('scancel', ['-p', PARTITION], { env })
    for (
      let i = 0;
      i < 40 && spawnSync('squeue', ['-h'], { env, encoding: 'utf8' }).stdout.trim();
      i++
    )
      await sleep(250)
    for (const pid of pids()) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    await sleep(500)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const daemon = (cmd, args) => execFileSync(cmd, args, { env, stdio: 'pipe' })
    daemon('/usr/sbin/munged', [
      '--force',
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--log-file=${join(dir, 'log', 'munged.log')}`,
      `--pid-file=${join(dir, 'munge', 'munged.pid')}`,
      `--seed-file=${join(dir, 'munge', 'munged.seed')}`
    ])
    daemon('/usr/sbin/slurmctld', ['-f', conf, '-i'])
    daemon('/usr/sbin/slurmd', ['-f', conf])
    for (let i = 0; ; i++) {
      const state = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim()
      if (state === 'idle') break
      if (i > 60) throw new Error(`the node is '${state || 'unknown'}' after 30 s`)
      await sleep(500)
    }
  } catch (e) {
    const logs = ['munged', 'slurmctld', 'slurmd']
      .map((n) => `--- ${n}.log\n${tail(join(dir, 'log', `${n}.log`))}`)
      .join('\n')
    await stop()
    throw new Error(`the test Slurm cluster did not start: ${e.message}\n${logs}`)
  }
  return { env, partition: PARTITION, stop }
}

// Radial PDE overlay: CPU ms to integrate the default mmn-two-gaussians run's overlay over the
// bench's watched run (90 000 steps, a record every 1000), as the PDE thread does it.
// Run: npx tsx test/bench/radial-pde-cost.mts [steps]
import { watchedRunSpec } from '../../src-main/cli/bench-workloads.ts'
import { createPdeOverlay } from '../../src-shared/engine/pde-overlay.ts'
import { recordTimes } from '../../src-shared/engine/pde-record-times.ts'

const steps = Number(process.argv[2] ?? 90000)
const spec = watchedRunSpec(steps, true)
const times = [...recordTimes(spec, { step: 0, time: 0 })].map((p) => p.time)
const c0 = process.cpuUsage()
const w0 = performance.now()
const overlay = createPdeOverlay(spec)
if (!overlay) throw new Error('no PDE overlay for the watched run')
let last = 0
for (const t of times) last = overlay.riskAt(t)
const cpu = process.cpuUsage(c0)
const wall = performance.now() - w0
console.log(
  `RESULT ${JSON.stringify({ records: times.length, tEnd: times.at(-1), risk: last, cpuMs: Math.round((cpu.user + cpu.system) / 1000), wallMs: Math.round(wall) })}`
)

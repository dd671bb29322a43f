import { describe, expect, it } from 'vitest'
import { presetSpec } from '@shared/spec/presets'
import { applyAssignments, parseAssignment } from '@shared/spec/set-path'
import { estimateRun } from '@shared/spec/run-estimate'
import { estimateStudy, slurmResources, slurmTime } from '@shared/study/study-estimate'

const spec = (...sets: string[]) =>
  applyAssignments(presetSpec('mmn-two-gaussians', { size: 'ci' }), sets.map(parseAssignment))

describe('study estimate and Slurm resources', () => {
  it('adds the runs up: CPU time is the sum, the longest and largest are the maxima', () => {
    const specs = [spec('model.width=20'), spec('model.width=800'), spec('model.width=80')]
    const runs = specs.map((s) => estimateRun(s))
    const e = estimateStudy(specs)
    expect(e.runs).toBe(3)
    expect(e.cpuSeconds).toBeCloseTo(runs[0].seconds + runs[1].seconds + runs[2].seconds, 12)
    expect(e.longestSeconds).toBe(runs[1].seconds)
    expect(e.largestBytes).toBe(runs[1].bytes)
  })

  it('asks for 3× the longest run plus 10 minutes, and memory above the largest run', () => {
    const long = spec('model.width=800', 'dynamics.steps=2000000')
    const seconds = estimateRun(long).seconds
    const r = slurmResources([spec(), long])
    expect(r.timeMinutes).toBe(Math.ceil((3 * seconds) / 60) + 10)
    expect(r.memoryMiB * 2 ** 20).toBeGreaterThan(1.5 * estimateRun(long).bytes)
    expect(r.memoryMiB % 64).toBe(0)
    expect(r.cpusPerTask).toBe(1)
  })

  it("writes Slurm's time format", () => {
    expect(slurmTime(11)).toBe('00:11:00')
    expect(slurmTime(125)).toBe('02:05:00')
    expect(slurmTime(1440 * 2 + 61)).toBe('2-01:01:00')
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { validateInvoke } from '@shared/protocol/arg-schemas'
import { decodeSession } from '@shared/session/decode-session'
import { SessionFormatError } from '@shared/session/session-error'
import { presetSpec } from '@shared/spec/presets'
import { encodeStudy } from '@shared/study/encode-study'
import { createStudy } from '@shared/study/study-plan'
import type { Study } from '@shared/study/study-types'
import { createLabBackend } from '../../../src-main/backend/lab-backend'
import { saveSessionFile, loadSessionFile } from '../../../src-main/backend/session-store'
import { saveStudyFile } from '../../../src-main/backend/study-runner'
import { sampleSession } from '../../fixtures/session/sample-session'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mflab-studies-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A small planned study: 2 widths × 2 seeds; the first run marked completed with a short series. */
function smallStudy(title: string): Study {
  const baseSpec = presetSpec('mmn-two-gaussians', { size: 'ci' })
  const study = createStudy(
    {
      title,
      preset: 'mmn-two-gaussians',
      size: 'ci',
      baseSpec,
      param: 'model.width',
      values: [20, 80],
      seeds: [1, 2]
    },
    '2026-11-24T20:00:00.000Z'
  )
  const r0 = study.runs[0]
  const steps = r0.session.spec.dynamics.steps
  r0.session = {
    ...r0.session,
    status: 'completed',
    step: steps,
    series: {
      step: Float64Array.from([0, steps]),
      time: Float64Array.from([0, 1]),
      risk: Float64Array.from([1.7, 0.2])
    },
    summary: { step: steps, time: 1, risk: 0.2 }
  }
  return study
}

describe('studies through the LabApi', () => {
  it('lists the .mflabstudy files of the sessions folder and loads one by id', async () => {
    const dir = tempDir()
    await saveStudyFile(join(dir, 'width sweep.mflabstudy'), smallStudy('Width sweep'))
    await saveSessionFile(join(dir, 'plain.mflab'), sampleSession({ records: 3 }))
    writeFileSync(join(dir, 'broken.mflabstudy'), 'not a zip')
    const logs: string[] = []
    const backend = createLabBackend({ sessionsDir: dir, log: (l) => logs.push(l) })
    try {
      const studies = await backend.listStudies()
      expect(studies).toHaveLength(1)
      const [s] = studies
      expect(s).toMatchObject({
        title: 'Width sweep',
        fileName: 'width sweep.mflabstudy',
        preset: 'mmn-two-gaussians',
        param: 'model.width',
        runs: 4,
        completed: 1,
        status: 'unfinished'
      })
      // An id is a valid LabApi id (the file name has a space), never a path.
      expect(() => validateInvoke('loadStudy', [s.id])).not.toThrow()
      expect(s.id).not.toContain('/')
      expect(logs.join('\n')).toMatch(/broken\.mflabstudy/)
      // Sessions and studies stay apart.
      expect((await backend.listSessions()).map((x) => x.fileName)).toEqual(['plain.mflab'])

      const data = await backend.loadStudy(s.id)
      expect(data.id).toBe(s.id)
      expect(data.values).toEqual([20, 80])
      expect(data.runs).toHaveLength(4)
      expect(data.runs[0].finalRisk).toBeCloseTo(0.2, 12)
      expect(data.runs[0].series.risk).toEqual(Float64Array.of(1.7, 0.2))
      expect(data.runs[1].status).toBe('created')
      await expect(backend.loadStudy('no-such-study')).rejects.toThrow(/no study 'no-such-study'/)
    } finally {
      await backend.shutdown()
    }
  })

  it('refuses bad study ids before the backend sees them', () => {
    for (const bad of [['../x.mflabstudy'], [''], [3], []])
      expect(() => validateInvoke('loadStudy', bad)).toThrow(/lab:loadStudy: id/)
    expect(() => validateInvoke('listStudies', ['x'])).toThrow(/lab:listStudies/)
  })

  it('a study file read as a session says what it is and what to use', async () => {
    const bytes = encodeStudy(smallStudy('Sweep'))
    let err: unknown
    try {
      decodeSession(bytes)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(SessionFormatError)
    expect(String((err as Error).message)).toMatch(
      /this is a study file \(\.mflabstudy, 'Sweep', 4 runs\)/
    )
    expect(String((err as Error).message)).toMatch(/mflab sweep --resume/)
    expect(String((err as Error).message)).not.toMatch(/manifest\.seed/)
  })

  it('loadSession carries the claims judged on the run, and a stored file’s saved claims', async () => {
    const dir = tempDir()
    const s = sampleSession({ records: 20 })
    const steps = s.spec.dynamics.steps
    await saveSessionFile(join(dir, 'done.mflab'), { ...s, status: 'completed', step: steps })
    await saveSessionFile(join(dir, 'judged.mflab'), {
      ...s,
      status: 'completed',
      step: steps,
      claims: [{ id: 'risk-falls', text: 'saved', met: false, value: 0.99, expected: 'x' }]
    })
    const backend = createLabBackend({ sessionsDir: dir })
    try {
      const judged = await backend.loadSession('judged')
      expect(judged.claims).toEqual([
        { id: 'risk-falls', text: 'saved', met: false, value: 0.99, expected: 'x' }
      ])
      // Without saved verdicts the backend judges the preset's claims on the stored results.
      const done = await backend.loadSession('done')
      expect(done.claims?.map((c) => c.id)).toContain('risk-falls')
      expect(done.claims?.every((c) => typeof c.expected === 'string')).toBe(true)
      // Saving writes the verdicts into the file.
      await backend.saveSession('done')
      expect((await loadSessionFile(join(dir, 'done.mflab'))).session.claims?.length).toBe(
        done.claims?.length
      )
    } finally {
      await backend.shutdown()
    }
  })
})

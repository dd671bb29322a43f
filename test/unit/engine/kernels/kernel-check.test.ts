import { GPU } from 'gpu.js'
import { describe, expect, it } from 'vitest'
import { checkKernels } from '@shared/engine/kernels/kernel-check'
import { kernels } from '@shared/engine/kernels'

// the check `mflab bench --check` runs on a GPU machine before timing it: here on cpu, to prove it
// covers every kernel record and the Philox words
describe('kernel check (mflab bench --check)', () => {
  it('checks every registry kernel and the Philox words on a mode, all within tolerance', async () => {
    const gpu = new GPU({ mode: 'cpu' })
    const rows = await checkKernels(gpu)
    expect(new Set(rows.map((r) => r.kernel))).toEqual(
      new Set([...kernels.map((k) => k.name), 'philox words'])
    )
    for (const r of rows)
      expect(r, `${r.kernel} (${r.case})`).toMatchObject({ ok: true, ran: 'cpu' })
    await gpu.destroy()
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ENGINE_FAULTS, type EngineFault } from '@shared/engine/engine-fault'
import { FAULT_TABLE } from './fault-table'
import { presetClaims } from '../../unit/claims/run-preset'

/**
 * Fault injection (docs/claims.md): every guided experiment, at its ci size, run on an engine with
 * a deliberate fault, must fail at least one of its claims; the table says which claim catches each
 * fault and on which variants it is enough to run (a run claim fails a study as soon as one of its
 * runs fails; a study claim needs the variants it compares). That the unfaulted presets meet every
 * claim at the ci size is asserted by test/integration/study/preset-variants.test.ts and
 * test/integration/cli/presets-claims.test.ts on all their variants.
 */
describe('fault injection: a broken engine fails the claims', () => {
  for (const row of FAULT_TABLE)
    for (const [fault, c] of Object.entries(row.caught) as [
      EngineFault,
      (typeof row.caught)[EngineFault]
    ][])
      it(`${row.preset}: ${fault} is caught by ${c!.claim}`, async () => {
        const out = await presetClaims(row.preset, 'ci', fault, c!.variants)
        if (c!.claim === 'diverges') {
          expect(out).toBe('diverged')
          return
        }
        expect(out).not.toBe('diverged')
        const claims = out === 'diverged' ? [] : out
        const failed = claims.filter((x) => x.met === false).map((x) => x.id)
        expect(failed, JSON.stringify(claims.map((x) => [x.id, x.met, x.value]))).toContain(
          c!.claim
        )
      })

  it('lists every fault for every preset, and docs/claims.md shows the same table', () => {
    const doc = readFileSync(new URL('../../../docs/claims.md', import.meta.url), 'utf8')
    for (const row of FAULT_TABLE) {
      const missed = Object.keys(row.missed ?? {})
      const named = [...Object.keys(row.caught), ...Object.keys(row.notRelevant), ...missed].sort()
      expect(named, row.preset).toEqual(Object.keys(ENGINE_FAULTS).sort())
      for (const [fault, c] of Object.entries(row.caught))
        expect(doc).toContain(`| ${row.preset} | ${fault} | ${c!.claim} |`)
      for (const fault of Object.keys(row.notRelevant))
        expect(doc).toContain(`| ${row.preset} | ${fault} | — |`)
      for (const fault of missed) expect(doc).toContain(`| ${row.preset} | ${fault} | not caught |`)
    }
  })
})

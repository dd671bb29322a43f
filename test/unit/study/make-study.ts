import { presetSpec } from '@shared/spec/presets'
import { createStudy } from '@shared/study/study-plan'
import type { Study, SweepValue } from '@shared/study/study-types'

/**
 * A small width study of the ci preset whose runs are marked completed with the given final risks
 * (risk(value, seed)) and a three-record risk series ending at that risk: data for the summary and
 * file tests, no engine involved.
 */
export function completedStudy(
  values: SweepValue[],
  seeds: number[],
  risk: (value: SweepValue, seed: number) => number,
  param = 'model.width'
): Study {
  const study = createStudy(
    {
      title: 'test sweep',
      preset: 'mmn-two-gaussians',
      size: 'ci',
      baseSpec: presetSpec('mmn-two-gaussians', { size: 'ci' }),
      param,
      values,
      seeds
    },
    '2026-01-01T00:00:00.000Z'
  )
  for (const run of study.runs) {
    const r = risk(run.value, run.seed)
    run.session = {
      ...run.session,
      status: 'completed',
      step: 2000,
      time: 0.8,
      summary: { risk: r, step: 2000, time: 0.8 },
      series: {
        step: Float64Array.from([0, 1000, 2000]),
        time: Float64Array.from([0, 0.4, 0.8]),
        risk: Float64Array.from([1.7, (1.7 + r) / 2, r])
      }
    }
    run.seconds = 1.5
  }
  return study
}

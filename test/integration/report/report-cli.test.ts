import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPreset } from '@shared/spec/presets'
import { loadSessionFile } from '../../../src-main/backend/session-store'
import { buildCli, cli, CLI, lastJson } from '../cli/run-cli'
import { parseHtml, parseXml, pixelStats, pngSize } from './image-checks'

const dir = mkdtempSync(join(tmpdir(), 'mflab-report-'))
const SESSION = 'tiny.mflab'
const CHARTS = ['risk', 'norm-histogram', 'metric-meanNormW', 'particles']

beforeAll(async () => {
  buildCli()
  const made = await cli(
    [
      'new',
      '--preset',
      'mmn-two-gaussians',
      '--size',
      'ci',
      '--set',
      'dynamics.steps=2000',
      '--set',
      'observe.every=250',
      '-o',
      SESSION
    ],
    dir
  )
  expect(made.code, made.stderr).toBe(0)
  const ran = await cli(['run', SESSION, '--backend', 'js'], dir)
  expect(ran.code, ran.stderr).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const read = (...p: string[]) => new Uint8Array(readFileSync(join(dir, ...p)))

describe('mflab report', () => {
  it('writes PNG and SVG charts and an index.html, and prints a JSON summary', async () => {
    const r = await cli(['report', SESSION, '-o', 'both', '--format', 'both'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    const summary = lastJson(r)
    const expected = [
      ...CHARTS.flatMap((c) => [join('both', `${c}.png`), join('both', `${c}.svg`)]),
      join('both', 'index.html')
    ]
    expect(summary).toEqual({ status: 'ok', files: expected, output: 'both' })
    for (const f of expected) expect(existsSync(join(dir, f)), f).toBe(true)
  })

  it('draws PNGs of the asked size that are opaque and show data', async () => {
    for (const c of CHARTS) {
      const bytes = read('both', `${c}.png`)
      expect(pngSize(bytes), c).toEqual({ width: 900, height: 500 })
      const stats = await pixelStats(bytes)
      expect(stats.transparent, `${c}: transparent pixels`).toBe(0)
      // Axes, labels and data take a few percent of the image; a blank chart has ~0.
      expect(stats.nonWhite, `${c}: non-white fraction`).toBeGreaterThan(0.01)
      expect(stats.coloured, `${c}: coloured (data) fraction`).toBeGreaterThan(0.001)
    }
  })

  it('writes SVGs that parse as XML, are made of paths and draw the same picture', async () => {
    for (const c of CHARTS) {
      const text = new TextDecoder().decode(read('both', `${c}.svg`))
      const doc = parseXml(text)
      const svg = doc.documentElement
      expect(svg.tagName, c).toBe('svg')
      expect(svg.getAttribute('width')).toBe('900')
      expect(svg.getAttribute('height')).toBe('500')
      // Text is converted to paths, so the SVG does not depend on the viewer's fonts.
      expect(doc.getElementsByTagName('text').length, c).toBe(0)
      expect(doc.getElementsByTagName('path').length, c).toBeGreaterThan(30)
      const stats = await pixelStats(new TextEncoder().encode(text))
      expect(stats.nonWhite, `${c}: drawn SVG`).toBeGreaterThan(0.01)
    }
  })

  it('writes an index.html with the images, the spec as JSON and the claim, all local', async () => {
    const { session } = await loadSessionFile(join(dir, SESSION))
    const doc = parseHtml(new TextDecoder().decode(read('both', 'index.html')))
    const imgs = [...doc.querySelectorAll('img')].map((i) => i.getAttribute('src'))
    expect(imgs).toEqual(CHARTS.map((c) => `${c}.png`))
    const svgLinks = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'))
    expect(svgLinks).toEqual(CHARTS.map((c) => `${c}.svg`))
    expect(JSON.parse(doc.querySelector('pre')!.textContent!)).toEqual(
      JSON.parse(JSON.stringify(session.spec))
    )
    // the preset's claim, in the words the app shows it
    expect(doc.body.textContent).toContain(findPreset('mmn-two-gaussians')!.claim)
    // The verdicts `run` saved in the session, one table row each.
    expect(session.claims?.length).toBeGreaterThan(0)
    const rows = [...doc.querySelectorAll('tr')].slice(1)
    expect(rows.map((r) => r.querySelector('td')!.textContent)).toEqual(
      session.claims!.map((c) => c.text)
    )
    rows.forEach((r, i) => {
      const met = session.claims![i].met
      const verdict = r.querySelectorAll('td')[3].textContent
      expect(verdict).toBe(met === null ? 'not judged' : met ? 'met' : 'not met')
    })
    expect(doc.querySelectorAll('script, link, iframe').length).toBe(0)
    const refs = [...doc.querySelectorAll('[src], [href]')].map(
      (e) => e.getAttribute('src') ?? e.getAttribute('href')
    )
    for (const ref of refs) expect(ref).not.toMatch(/^[a-z]+:|^\/\//i)
  })

  it('takes --width/--height, --format svg and --log', async () => {
    const r = await cli(['report', SESSION, '-o', 'small', '--width', '640', '--height=360'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(pngSize(read('small', 'risk.png'))).toEqual({ width: 640, height: 360 })
    expect(existsSync(join(dir, 'small', 'risk.svg'))).toBe(false)

    const log = await cli(['report', SESSION, '-o', 'log', '--log', '--format', 'svg'], dir)
    expect(log.code, log.stderr).toBe(0)
    expect((lastJson(log).files as string[]).every((f) => !f.endsWith('.png'))).toBe(true)
    const linear = new TextDecoder().decode(read('both', 'risk.svg'))
    const logSvg = new TextDecoder().decode(read('log', 'risk.svg'))
    // Same data, other y axis: the drawing differs, and the axis title says so (as paths, so only
    // the difference in drawing can be checked).
    expect(logSvg).not.toBe(linear)
    expect(parseXml(logSvg).getElementsByTagName('path').length).toBeGreaterThan(30)
  })

  it('writes into an existing directory again (replacing the files)', async () => {
    const r = await cli(['report', SESSION, '-o', 'both'], dir)
    expect(r.code, r.stderr).toBe(0)
    expect(pngSize(read('both', 'particles.png'))).toEqual({ width: 900, height: 500 })
  })
})

describe('mflab report on bad input', () => {
  const expectUsage = async (args: string[], pattern: RegExp) => {
    const r = await cli(['report', ...args], dir)
    expect(r.code, r.stderr).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(pattern)
  }

  it('exits 2 for a missing file', () =>
    expectUsage(['nope.mflab', '-o', 'x'], /^mflab: nope\.mflab: file: no such file/))

  it('exits 2 for a corrupt session', async () => {
    writeFileSync(join(dir, 'corrupt.mflab'), 'this is not a zip archive')
    await expectUsage(['corrupt.mflab', '-o', 'x'], /^mflab: corrupt\.mflab: /)
    // A real session cut short.
    const bytes = readFileSync(join(dir, SESSION))
    writeFileSync(join(dir, 'cut.mflab'), bytes.subarray(0, bytes.length >> 1))
    await expectUsage(['cut.mflab', '-o', 'x'], /^mflab: cut\.mflab: /)
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })

  it('exits 2 for an output directory that cannot be made', async () => {
    writeFileSync(join(dir, 'a-file'), 'x')
    await expectUsage([SESSION, '-o', join('a-file', 'sub')], /cannot write the report/)
  })

  it('exits 2 for a session that has not run yet', async () => {
    const made = await cli(
      ['new', '--preset', 'mmn-two-gaussians', '--size', 'ci', '-o', 'fresh.mflab'],
      dir
    )
    expect(made.code, made.stderr).toBe(0)
    await expectUsage(['fresh.mflab', '-o', 'x'], /no results yet/)
  })

  it('exits 2 with a clear line when @napi-rs/canvas cannot be found', async () => {
    // The same bundle, copied where no node_modules is above it.
    const alone = mkdtempSync(join(tmpdir(), 'mflab-no-canvas-'))
    try {
      copyFileSync(CLI, join(alone, 'mflab.cjs'))
      const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [join(alone, 'mflab.cjs'), 'report', SESSION, '-o', 'nc'],
          {
            cwd: dir
          }
        )
        let stderr = ''
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stderr }))
      })
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/^mflab: report needs the package @napi-rs\/canvas/)
      expect(existsSync(join(dir, 'nc'))).toBe(false)
    } finally {
      rmSync(alone, { recursive: true, force: true })
    }
  })

  it('exits 2 for bad options', async () => {
    await expectUsage([SESSION], /missing -o/)
    await expectUsage(['-o', 'x'], /missing session file/)
    await expectUsage([SESSION, '-o', 'x', '--format', 'gif'], /--format must be one of/)
    await expectUsage([SESSION, '-o', 'x', '--width', '10'], /--width must be/)
    await expectUsage([SESSION, '-o', 'x', '--height', '9000'], /at most 8000/)
    await expectUsage([SESSION, '-o', 'x', '--nope'], /unknown option --nope/)
  })
})

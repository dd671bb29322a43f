import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { RUNTIME_PACKAGES } from '../../../src-main/cli/bundle-policy.mjs'

const ROOT = join(__dirname, '../../..')
const BUILDER = join(ROOT, 'node_modules/app-builder-lib')
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8')

interface ExtraResource {
  from: string
  to: string
}
interface BuilderConfig {
  productName: string
  files: string[]
  asarUnpack: string[]
  linux: { executableName: string; maintainer?: string; extraResources: ExtraResource[] }
  deb: { afterInstall: string; afterRemove: string }
  win: { extraResources: ExtraResource[] }
  mac: { extraResources: ExtraResource[] }
  nsis: { include: string; perMachine: boolean }
}

const config = load(read('electron-builder.yml')) as BuilderConfig
const pkg = JSON.parse(read('package.json'))
// Compiled once: the schema is large (code optimisation off halves the time, about 1 s).
const validate = new Ajv({ allErrors: true, strict: false, code: { optimize: false } }).compile(
  JSON.parse(readFileSync(join(BUILDER, 'scheme.json'), 'utf8'))
)

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own JSON schema (app-builder-lib/scheme.json)", () => {
    const ok = validate(config)
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([])
    expect(ok).toBe(true)
  })

  it('the schema check can fail: a misspelt key and a wrong type are refused', () => {
    expect(validate({ ...config, asarUnpak: ['x'] })).toBe(false)
    expect(validate({ ...config, nsis: { ...config.nsis, perMachine: 'no' } })).toBe(false)
  })

  it('is read by the electron-builder version package.json pins', () => {
    const pinned = pkg.devDependencies['electron-builder']
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    expect(JSON.parse(readFileSync(join(BUILDER, 'package.json'), 'utf8')).version).toBe(pinned)
  })

  it('gives the deb its metadata: maintainer and homepage', () => {
    expect(config.linux.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/)
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.author?.email).toMatch(/@/)
  })

  it('ships the CLI bundle and every runtime package outside app.asar', () => {
    expect(config.files).toContain('out/cli/**')
    expect(config.asarUnpack).toContain('out/cli/**')
    for (const p of RUNTIME_PACKAGES) {
      const scope = p.startsWith('@') ? p.split('/')[0] : p
      expect(config.asarUnpack, p).toContain(`node_modules/${scope}/**`)
    }
  })

  it('every resource it names exists', () => {
    const extra = [config.linux, config.win, config.mac].flatMap((t) => t.extraResources)
    for (const f of [config.deb.afterInstall, config.deb.afterRemove, config.nsis.include])
      expect(existsSync(join(ROOT, f)), f).toBe(true)
    for (const r of extra) expect(existsSync(join(ROOT, r.from)), r.from).toBe(true)
    expect(extra.map((r) => r.to).sort()).toEqual(['bin/mflab', 'bin/mflab', 'bin/mflab.cmd'])
  })

  it("the deb scripts are electron-builder's own templates, plus the mflab link", () => {
    for (const [script, template] of [
      [config.deb.afterInstall, 'after-install.tpl'],
      [config.deb.afterRemove, 'after-remove.tpl']
    ]) {
      const upstream = readFileSync(join(BUILDER, 'templates/linux', template), 'utf8')
      // An electron-builder upgrade that changes its template shows up here, to be merged by hand.
      expect(read(script).startsWith(upstream), `${script} starts with ${template}`).toBe(true)
      expect(read(script)).toContain("'/usr/bin/mflab'")
    }
  })

  it('the launchers name the binaries electron-builder will write', () => {
    const sh = read('build/cli/mflab')
    expect(sh).toContain(`"$resources/../MacOS/${config.productName}"`)
    expect(sh).toContain(`"$resources/../${config.linux.executableName}"`)
    expect(read('build/cli/mflab.cmd')).toContain(`"%~dp0..\\..\\${config.productName}.exe"`)
    expect(read('build/cli/mflab.cmd')).toMatch(/\r\n/)
  })
})

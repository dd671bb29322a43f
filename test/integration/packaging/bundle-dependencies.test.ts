import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { ComputeClient } from '../../../src-main/compute/compute-client'
import type { ComputeEvent } from '../../../src-main/compute/compute-protocol'
import { ABSENT_PACKAGES, RUNTIME_PACKAGES } from '../../../src-main/cli/bundle-policy.mjs'
import { presetSpec } from '@shared/spec/presets'
import { buildCli, ROOT } from '../cli/run-cli'

// The bundles that run in an installed app (electron-vite's out/main and out/preload) and the CLI's
// (out/cli). Every package they load from node_modules must ship with the app: electron-builder
// copies `dependencies` and `optionalDependencies` only, and nothing else may be left to chance.
const ELECTRON_BUNDLES = ['out/main', 'out/preload']
const CLI_DIR = 'out/cli'
const BUILT_FROM = ['package.json', 'electron.vite.config.ts', 'src-main/cli/bundle-policy.mjs']
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
const CHROMIUM_VULKAN = '/usr/lib/chromium/libvulkan.so.1'

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/')

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.c?js$/.test(f))
    .map((f) => join(dir, f))
}

/**
 * The packages each built file imports from node_modules: its real require()/import() calls as
 * esbuild parses them (code, not strings: gpu.js keeps `require('gl')` in kernel source text).
 */
async function bareImports(files: string[]): Promise<Map<string, Set<string>>> {
  const r = await build({
    entryPoints: files,
    outdir: join(ROOT, 'out', 'unused'),
    bundle: true,
    platform: 'node',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent'
  })
  const found = new Map<string, Set<string>>()
  for (const [file, input] of Object.entries(r.metafile.inputs)) {
    const pkgs = new Set<string>()
    for (const imp of input.imports)
      if (imp.external && !builtins.has(imp.path)) pkgs.add(packageOf(imp.path))
    found.set(file, pkgs)
  }
  return found
}

let imports: Map<string, Set<string>>

beforeAll(async () => {
  buildCli()
  // .ci/run builds first; a local run rebuilds bundles older than what decides their imports
  const stale = ELECTRON_BUNDLES.some((dir) => {
    const index = join(ROOT, dir, 'index.js')
    if (!existsSync(index)) return true
    return BUILT_FROM.some((f) => statSync(join(ROOT, f)).mtimeMs > statSync(index).mtimeMs)
  })
  if (stale) {
    const bin = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js')
    const r = spawnSync(process.execPath, [bin, 'build'], { cwd: ROOT, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`electron-vite build failed: ${r.stderr}`)
  }
  const files = [...ELECTRON_BUNDLES, CLI_DIR].flatMap((d) => jsFiles(join(ROOT, d)))
  imports = new Map()
  for (const [f, pkgs] of await bareImports(files)) imports.set(relative(ROOT, join(ROOT, f)), pkgs)
  expect([...imports.keys()]).toContain('out/main/compute-worker.js')
})

describe('built bundles and package.json dependencies', () => {
  it('every package a bundle loads at run time is a production dependency', () => {
    const allowed = new Set([...RUNTIME_PACKAGES, 'electron'])
    const stray = [...imports].flatMap(([file, pkgs]) =>
      [...pkgs].filter((p) => !allowed.has(p)).map((p) => `${file}: ${p}`)
    )
    expect(stray).toEqual([])
  })

  it('every production dependency is loaded by some bundle', () => {
    const used = new Set([...imports.values()].flatMap((s) => [...s]))
    expect(RUNTIME_PACKAGES.filter((p) => !used.has(p))).toEqual([])
    expect(RUNTIME_PACKAGES).toContain('webgpu')
  })

  it('electron is imported only by the Electron main process and preload, never by workers or the CLI', () => {
    const importers = [...imports].filter(([, p]) => p.has('electron')).map(([f]) => f)
    expect(importers.sort()).toEqual(['out/main/index.js', 'out/preload/index.js'])
  })

  it('no bundle carries gl or a native accelerator, and none is installed for the app', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    for (const p of ABSENT_PACKAGES) {
      expect(RUNTIME_PACKAGES).not.toContain(p)
      expect(pkg.devDependencies?.[p]).toBeUndefined()
    }
    // webgpu is optional: the app and the CLI run (on the CPU) where Dawn cannot install
    expect(Object.keys(pkg.optionalDependencies ?? {})).toEqual(['webgpu'])
  })

  it('the renderer-only packages are build inputs (devDependencies), not shipped a second time', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    for (const p of ['vue', 'pinia', 'katex', 'chart.js', 'gpu.js'])
      expect(pkg.devDependencies?.[p], p).toBeDefined()
  })
})

describe.skipIf(!existsSync(SWIFTSHADER_ICD))(
  `the desktop compute worker's WebGPU path (Dawn on ${SWIFTSHADER_ICD})`,
  () => {
    it('out/main/compute-worker.js loads webgpu from node_modules and Dawn initialises', async () => {
      // Set before the Worker starts: it copies the environment. Chromium's Vulkan loader honours
      // VK_ICD_FILENAMES; a software adapter is enough to prove the package loads and runs.
      process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
      process.env.MFLAB_VULKAN_LOADER = CHROMIUM_VULKAN
      const client = new ComputeClient({ workerPath: join(ROOT, 'out/main/compute-worker.js') })
      const events: ComputeEvent[] = []
      client.on((e) => events.push(e))
      const spec = presetSpec('mmn-two-gaussians', { size: 'ci' })
      client.start({
        spec: { ...spec, dynamics: { ...spec.dynamics, steps: 20 } },
        backend: 'webgpu'
      })
      const end = await client.ended
      const backend = events.find((e) => e.type === 'backend')
      expect(backend?.type === 'backend' && backend.backend).toMatchObject({
        requested: 'webgpu',
        actual: 'webgpu',
        fallbackReason: null
      })
      expect(end).toMatchObject({ type: 'done', status: 'completed', step: 20 })
    })
  }
)

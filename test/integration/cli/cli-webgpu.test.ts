import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cli, lastJson, type CliResult } from './run-cli'

// Chromium's SwiftShader: a software Vulkan driver and loader, enough to prove that the CLI's
// compute worker finds a WebGPU adapter through the variables the README documents.
const LOADER = '/usr/lib/chromium/libvulkan.so.1'
const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'
const here = existsSync(LOADER) && existsSync(ICD)
if (!here) console.log(`cli-webgpu.test: skipping, no SwiftShader (${ICD}) on this machine`)

const dir = mkdtempSync(join(tmpdir(), 'mflab-cli-webgpu-'))
beforeAll(buildCli)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `mflab run` with only the lab's own GPU variables set: no VK_* in its environment. */
function runWithLabVariables(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const k of ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'MFLAB_WEBGPU']) delete env[k]
  env.MFLAB_VULKAN_LOADER = LOADER
  env.MFLAB_VK_DRIVER_FILES = ICD
  return cli(['run', ...args], dir, env)
}

describe.runIf(here)('mflab run --backend webgpu in a compute worker (SwiftShader)', () => {
  it('MFLAB_VK_DRIVER_FILES reaches Dawn; a noisy run agrees with the gpu.js cpu mode', async () => {
    const made = await cli(
      ['new', '--preset', 'langevin-free-energy', '--size', 'ci', '-o', 'noisy.mflab'],
      dir
    )
    expect(made.code, made.stderr).toBe(0)
    const gpu = await runWithLabVariables([
      'noisy.mflab',
      '--backend',
      'webgpu',
      '--steps',
      '600',
      '-o',
      'gpu.mflab'
    ])
    expect(gpu.code, gpu.stderr).toBe(0)
    // a fallback would say "running on webasm, not webgpu: …" and report another backend
    expect(gpu.stderr).not.toMatch(/not webgpu/)
    const onGpu = lastJson(gpu)
    expect(onGpu).toMatchObject({ status: 'completed', backend: 'webgpu', stepsRun: 600 })

    // the same Philox noise stream on gpu.js's cpu mode: the runs differ by float32 rounding only
    const cpu = await cli(
      ['run', 'noisy.mflab', '--backend', 'cpu', '--steps', '600', '-o', 'cpu.mflab'],
      dir
    )
    expect(cpu.code, cpu.stderr).toBe(0)
    const onCpu = lastJson(cpu)
    expect(onCpu.backend).toBe('cpu')
    const rGpu = (onGpu.metrics as { risk: number }).risk
    const rCpu = (onCpu.metrics as { risk: number }).risk
    expect(Math.abs(rGpu - rCpu) / rCpu).toBeLessThan(1e-4)
  })
})

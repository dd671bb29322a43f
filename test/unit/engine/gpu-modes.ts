import { existsSync } from 'node:fs'
import { GPU } from 'gpu.js'
import { probeWebGpuAdapter } from '@shared/engine/gpu-factory'
import { installNodeWebGpu } from '../../../src-main/compute/gpu-host'

/** Chromium's SwiftShader Vulkan driver: a software WebGPU adapter for Dawn, where installed. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/** The gpu.js modes that can run here, and why the others are skipped. */
export async function gpuModesHere(): Promise<{
  modes: ('cpu' | 'webasm' | 'webgpu')[]
  skipped: string[]
}> {
  const modes: ('cpu' | 'webasm' | 'webgpu')[] = ['cpu']
  const skipped: string[] = []
  if (GPU.isWebAssemblySupported) modes.push('webasm')
  else skipped.push('webasm: WebAssembly not supported')
  if (!existsSync(SWIFTSHADER_ICD)) skipped.push(`webgpu: ${SWIFTSHADER_ICD} not found`)
  else {
    const r = await installNodeWebGpu({
      vulkanLoader: '/usr/lib/chromium/libvulkan.so.1',
      driverFiles: SWIFTSHADER_ICD
    })
    if (r.ok && (await probeWebGpuAdapter())) modes.push('webgpu')
    else skipped.push(`webgpu: ${r.ok ? 'no adapter' : r.reason}`)
  }
  return { modes, skipped }
}

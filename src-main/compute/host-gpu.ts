import { existsSync, readdirSync } from 'node:fs'
import type { GpuFactory } from '@shared/engine/gpu-factory'
import type { BackendName } from '@shared/spec/experiment-spec'
import { installNodeWebGpu, nodeGpuFactory } from './gpu-host'

/** The gpu.js factory the engine gets in a Node host (CLI worker, bench, desktop worker). */
export function hostGpuFactory(): GpuFactory {
  return nodeGpuFactory
}

/**
 * Installs WebGPU (Dawn) before a run that may use it: always for 'webgpu', and for 'auto' only
 * where a GPU is likely, since Dawn prints Vulkan warnings on stderr when it finds no driver.
 * Resolves with why WebGPU is unavailable when it could not be installed (e.g. the optional
 * `webgpu` package is absent), for the run's fallback reason; otherwise with nothing.
 * Environment: MFLAB_WEBGPU=1|0 forces the probe on or off for 'auto'; MFLAB_VULKAN_LOADER names a
 * libvulkan.so.1 to load; MFLAB_VK_DRIVER_FILES (or VK_DRIVER_FILES) names the Vulkan ICD json.
 */
export async function prepareHostGpu(
  requested: BackendName | 'reference'
): Promise<string | undefined> {
  if (requested !== 'webgpu' && !(requested === 'auto' && gpuLikely())) return undefined
  const r = await installNodeWebGpu({
    vulkanLoader: process.env.MFLAB_VULKAN_LOADER,
    driverFiles: process.env.MFLAB_VK_DRIVER_FILES
  })
  return r.ok ? undefined : r.reason
}

function gpuLikely(): boolean {
  const forced = process.env.MFLAB_WEBGPU
  if (forced === '1' || forced === '0') return forced === '1'
  if (process.platform !== 'linux') return true
  if (process.env.VK_DRIVER_FILES || process.env.VK_ICD_FILENAMES) return true
  if (existsSync('/dev/nvidia0')) return true
  try {
    return readdirSync('/dev/dri').some((n) => n.startsWith('renderD'))
  } catch {
    return false
  }
}

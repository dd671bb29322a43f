import { GPU } from 'gpu.js'

/** The gpu.js modes the engine uses. */
export type GpuMode = 'webgpu' | 'webasm' | 'cpu'

/**
 * Makes a gpu.js `GPU` for a mode. Supplied by the host: in Node, `src-main/compute/gpu-host.ts`
 * installs `navigator.gpu` (Dawn, with its shim) before webgpu mode is asked for; in a browser the
 * default below is enough.
 */
export type GpuFactory = (mode: GpuMode) => GPU | Promise<GPU>

/** `new GPU({ mode })`: works for cpu and webasm anywhere, and for webgpu where navigator.gpu exists. */
export const defaultGpuFactory: GpuFactory = (mode) => new GPU({ mode })

/** What the WebGPU adapter says about itself (GPUAdapterInfo fields). */
export interface AdapterSummary {
  vendor: string
  architecture: string
  device: string
  description: string
  /** True for CPU implementations (SwiftShader, llvmpipe, lavapipe, …) and fallback adapters. */
  software: boolean
}

interface AdapterLike {
  info?: {
    vendor?: string
    architecture?: string
    device?: string
    description?: string
    isFallbackAdapter?: boolean
  }
  isFallbackAdapter?: boolean
}
interface NavigatorGpuLike {
  gpu?: { requestAdapter(): Promise<AdapterLike | null> }
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|softpipe|warp|basic render/i

/**
 * Asks `navigator.gpu` (if the host installed it) for its default adapter, the one gpu.js will use.
 * Null when there is no navigator.gpu, no adapter, or the request fails.
 */
export async function probeWebGpuAdapter(): Promise<AdapterSummary | null> {
  const nav = (globalThis as { navigator?: NavigatorGpuLike }).navigator
  if (!nav?.gpu) return null
  try {
    const adapter = await nav.gpu.requestAdapter()
    if (!adapter) return null
    const info = adapter.info ?? {}
    const s = {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? ''
    }
    const text = `${s.vendor} ${s.architecture} ${s.device} ${s.description}`
    return {
      ...s,
      software:
        adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || SOFTWARE.test(text)
    }
  } catch {
    return null
  }
}

/** A one-line name of an adapter for reports, e.g. 'nvidia hopper (NVIDIA H100 …)'. */
export function describeAdapter(a: AdapterSummary): string {
  const main = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown adapter'
  const extra = a.description || a.device
  return `${main}${extra ? ` (${extra})` : ''}${a.software ? ', software' : ''}`
}

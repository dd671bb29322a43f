import { existsSync, readdirSync } from 'node:fs'
import { constants } from 'node:os'
import { GPU } from 'gpu.js'
import type { GpuFactory } from '@shared/engine/gpu-factory'
import type { BackendName } from '@shared/spec/experiment-spec'

/** Where to find WebGPU's pieces in Node (Dawn through the `webgpu` package, over Vulkan). */
export interface NodeWebGpuOptions {
  /**
   * A Vulkan loader (libvulkan.so.1) to load first, for machines without the system package:
   * Chromium ships one at /usr/lib/chromium/libvulkan.so.1.
   */
  vulkanLoader?: string
  /** VK_DRIVER_FILES for Dawn, e.g. an NVIDIA ICD json, or Chromium's SwiftShader ICD (software). */
  driverFiles?: string
  /** Dawn options passed to `create` (e.g. 'backend=vulkan'). */
  dawnFlags?: string[]
}

/** Outcome of installing navigator.gpu: ok, or the reason it is absent. */
export type WebGpuInstall = { ok: true } | { ok: false; reason: string }

const SHIMMED = Symbol.for('mflab.dawnDeviceShim')

interface DeviceLike {
  onuncapturederror?: unknown
}
interface AdapterLike {
  requestDevice(...args: unknown[]): Promise<DeviceLike>
}
interface GpuLike {
  requestAdapter(...args: unknown[]): Promise<AdapterLike | null>
}

let installed: Promise<WebGpuInstall> | null = null

/**
 * Makes `navigator.gpu` available to gpu.js in Node: Dawn via the `webgpu` package, with the shim
 * Dawn needs for gpu.js (Dawn throws on `device.onuncapturederror = fn`, which gpu.js sets: every
 * device from `requestDevice` gets that property shadowed by a no-op accessor). Idempotent; never
 * throws: a missing Vulkan loader, Dawn binary or adapter comes back as a reason.
 */
export function installNodeWebGpu(opts: NodeWebGpuOptions = {}): Promise<WebGpuInstall> {
  installed ??= install(opts)
  return installed
}

async function install(opts: NodeWebGpuOptions): Promise<WebGpuInstall> {
  const g = globalThis as { navigator?: { gpu?: unknown } }
  if (g.navigator?.gpu) return { ok: true }
  try {
    if (opts.vulkanLoader && existsSync(opts.vulkanLoader)) preload(opts.vulkanLoader)
    if (opts.driverFiles && !process.env.VK_DRIVER_FILES)
      process.env.VK_DRIVER_FILES = opts.driverFiles
    const { create, globals } = await import('webgpu')
    Object.assign(globalThis, globals)
    const gpu = create(opts.dawnFlags ?? []) as unknown as GpuLike
    const adapter = await gpu.requestAdapter()
    if (adapter) shimRequestDevice(Object.getPrototypeOf(adapter) as AdapterLike)
    setNavigatorGpu(gpu)
    return adapter ? { ok: true } : { ok: false, reason: 'Dawn found no WebGPU adapter' }
  } catch (e) {
    return { ok: false, reason: unavailable(e) }
  }
}

// One line for a fallback reason: the optional package may be absent (an install without it, or
// `npm ci --omit=optional`), or present and unable to load (no Dawn binary for this platform).
function unavailable(e: unknown): string {
  const err = e as { code?: string; message?: string }
  const notFound = err?.code === 'MODULE_NOT_FOUND' || err?.code === 'ERR_MODULE_NOT_FOUND'
  if (notFound && /'webgpu'/.test(err.message ?? ''))
    return 'WebGPU for Node unavailable: the optional package webgpu (Dawn) is not installed'
  const first = (err?.message ?? String(e)).split('\n')[0]
  return `WebGPU for Node unavailable: ${first}`
}

/** The factory the engine gets in Node: webgpu mode after installNodeWebGpu, cpu/webasm as is. */
export const nodeGpuFactory: GpuFactory = (mode) => new GPU({ mode })

// Loads a shared library by path and keeps it resident, so Dawn's dlopen('libvulkan.so.1') finds
// it by soname; process.dlopen then complains that it is no Node addon, which is expected.
function preload(path: string): void {
  const dl = constants.dlopen as Record<string, number>
  const flags = (dl.RTLD_NOW ?? 2) | (dl.RTLD_GLOBAL ?? 0x100) | (dl.RTLD_NODELETE ?? 0x1000)
  try {
    process.dlopen({ exports: {} }, path, flags)
  } catch {
    // 'Module did not self-register': the library is loaded all the same
  }
}

function shimRequestDevice(proto: AdapterLike & { [SHIMMED]?: true }): void {
  if (proto[SHIMMED]) return
  const original = proto.requestDevice
  proto.requestDevice = async function (this: AdapterLike, ...args: unknown[]) {
    const device = await original.apply(this, args)
    Object.defineProperty(device, 'onuncapturederror', {
      set() {},
      get() {
        return null
      },
      configurable: true
    })
    return device
  }
  proto[SHIMMED] = true
}

function setNavigatorGpu(gpu: GpuLike): void {
  const g = globalThis as { navigator?: object }
  if (g.navigator) {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true })
    return
  }
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu },
    configurable: true,
    writable: true
  })
}

/**
 * Installs WebGPU (Dawn) before a run that may use it: always for 'webgpu', and for 'auto' only
 * where a GPU is likely, since Dawn prints Vulkan warnings on stderr when it finds no driver.
 * Resolves with why WebGPU is unavailable when it could not be installed (e.g. the optional
 * `webgpu` package is absent), for the run's fallback reason; otherwise with nothing.
 * Environment: MFLAB_WEBGPU=1|0 forces the probe on or off for 'auto'; MFLAB_VULKAN_LOADER names a
 * libvulkan.so.1 to load; MFLAB_VK_DRIVER_FILES (or VK_DRIVER_FILES) names the Vulkan ICD json.
 * In a worker thread the ICD variable only works if the main thread exported it before starting
 * the worker (ComputeClient does, through vulkan-env.ts): Dawn reads the C environment.
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

import { isMainThread } from 'node:worker_threads'

/**
 * Makes MFLAB_VK_DRIVER_FILES (the lab's name for the Vulkan ICD json Dawn should use) the
 * process's VK_DRIVER_FILES, unless that is set already. Call it on the main thread before starting
 * a compute worker: Dawn reads the C environment, and a worker thread's `process.env` is a copy
 * whose writes never reach it, so setting the variable where Dawn loads (the worker) does nothing.
 */
export function exportVulkanDriverFiles(): void {
  const wanted = process.env.MFLAB_VK_DRIVER_FILES
  if (isMainThread && wanted && !process.env.VK_DRIVER_FILES) process.env.VK_DRIVER_FILES = wanted
}

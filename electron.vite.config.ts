import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { absentAliases, RUNTIME_PACKAGES } from './src-main/cli/bundle-policy.mjs'

const shared = resolve(__dirname, 'src-shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared, ...absentAliases } },
    build: {
      outDir: 'out/main',
      // Bundle everything but the native packages, which load from node_modules (unpacked from
      // app.asar): bundled, webgpu would look for dawn.node next to the chunk and never find it.
      externalizeDeps: { include: RUNTIME_PACKAGES },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          'compute-worker': resolve(__dirname, 'src-main/compute/worker-entry.ts'),
          // the PDE overlay's thread, started by the compute worker (pde-thread-host.ts)
          'pde-thread': resolve(__dirname, 'src-main/compute/pde-thread.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/electron/preload.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    resolve: { alias: { '@shared': shared } },
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    }
  }
})

import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      { find: /^@shared\//, replacement: r('./src-shared/') },
      // never load the real 'electron' in tests: its index.js tries to download the binary
      { find: /^electron$/, replacement: r('./test/mocks/electron.ts') }
    ]
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Vitest's default in a run is one worker fewer than the cores: a single worker on a 2-core CI
    // machine, where most files wait on child processes and helper threads anyway. Two workers
    // there took the suite from 503 s to 329 s with every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})

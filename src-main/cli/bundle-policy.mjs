// What the bundles (electron-vite: main, preload, compute worker; esbuild: CLI) take from
// node_modules at run time, in one place. Everything else is bundled, so an installed app and the
// CLI need no node_modules beyond the native packages named in package.json's `dependencies` and
// `optionalDependencies`; test/integration/packaging/bundle-dependencies.test.ts holds the built
// bundles to this.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** Packages loaded from node_modules at run time: the production dependencies, and nothing else. */
export const RUNTIME_PACKAGES = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {})
]

/**
 * Optional packages that bundled code probes inside try/catch and lives without: gpu.js's
 * headless-gl backend (`gl`, a native add-on with an install script, never used by the engine)
 * and ws's native accelerators. They resolve to a module that throws, so no bundle names them.
 */
export const ABSENT_PACKAGES = ['gl', 'bufferutil', 'utf-8-validate']

/** The module every absent package resolves to. */
export const ABSENT_MODULE = join(root, 'src-main', 'cli', 'absent-package.cjs')

/** Bundler aliases: each absent package → ABSENT_MODULE. */
export const absentAliases = Object.fromEntries(ABSENT_PACKAGES.map((p) => [p, ABSENT_MODULE]))

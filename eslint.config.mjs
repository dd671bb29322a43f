// ESLint flat config: typescript-eslint + eslint-plugin-vue recommended, Prettier owns formatting,
// and no-restricted-imports draws the boundaries of ARCHITECTURE.md (who may import what).
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads']

/** no-restricted-imports options for one zone: which of electron, gpu.js, Node built-ins are banned. */
function restrict({ electron = true, electronTypes = true, gpu = true, node = false }) {
  const paths = []
  const patterns = []
  if (electron)
    paths.push({
      name: 'electron',
      allowTypeImports: electronTypes,
      message: 'Only src-main/electron/** may import electron.'
    })
  if (gpu)
    paths.push({
      name: 'gpu.js',
      message: 'Only src-shared/engine/** and src-main/compute/** may import gpu.js.'
    })
  if (node) {
    const message = 'src-shared is pure TypeScript: no Node built-ins (the host injects them).'
    for (const name of NODE_BUILTINS) paths.push({ name, message })
    patterns.push({ group: ['node:*'], message })
  }
  return ['error', { paths, patterns }]
}

const zones = [
  // Default for every file: renderer, CLI, web mode, backend, scripts.
  { files: ['**/*.{ts,mts,cts,js,mjs,cjs,vue}'], rule: restrict({}) },
  { files: ['src-shared/**'], rule: restrict({ electronTypes: false, node: true }) },
  {
    files: ['src-shared/engine/**'],
    rule: restrict({ electronTypes: false, gpu: false, node: true })
  },
  { files: ['src-main/electron/**'], rule: restrict({ electron: false }) },
  { files: ['src-main/compute/**'], rule: restrict({ gpu: false }) },
  // Tests check every kernel on every backend, so they may use gpu.js; electron stays mocked.
  { files: ['test/**'], rule: restrict({ gpu: false }) }
]

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', '.gpu/**', 'coverage/**']
  },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.vue'],
        sourceType: 'module'
      }
    },
    rules: { 'vue/block-lang': ['error', { script: { lang: 'ts' } }] }
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } }
  },
  {
    files: ['src-main/**', 'test/**', 'build/**', '*.{js,mjs,cjs,ts,mts}'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    rules: {
      // `_`-prefixed parameters are deliberately unused (event handlers, fakes).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true
        }
      ]
    }
  },
  ...zones.map(({ files, rule }) => ({ files, rules: { 'no-restricted-imports': rule } })),
  prettier
)

// Module shapes the Help page's renderer imports (vite's `?raw` and an untyped markdown-it plugin).

declare module '*.md?raw' {
  const text: string
  export default text
}

declare module 'markdown-it-texmath' {
  import type MarkdownIt from 'markdown-it'
  const texmath: MarkdownIt.PluginWithOptions<{
    engine: unknown
    delimiters?: string | string[]
    katexOptions?: Record<string, unknown>
  }>
  export default texmath
}

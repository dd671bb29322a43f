/** The few synchronous file operations the shell's settings need; `node:fs` satisfies it. */
export interface FsLike {
  readFileSync(path: string, encoding: 'utf8'): string
  writeFileSync(path: string, data: string): void
  renameSync(from: string, to: string): void
  mkdirSync(path: string, options: { recursive: true }): unknown
}

/** Reads a JSON file; null when it is missing or not JSON (a damaged settings file is not fatal). */
export function readJsonFile(fs: FsLike, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

/** Writes a JSON file through a temporary sibling and a rename, so a crash never leaves half a file. */
export function writeJsonFile(fs: FsLike, file: string, value: unknown): void {
  const dir = file.replace(/[/\\][^/\\]*$/, '')
  if (dir && dir !== file) fs.mkdirSync(dir, { recursive: true })
  const tmp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`)
  fs.renameSync(tmp, file)
}

/** Metric columns as CSV: a header of column names, then one row per record ('' for NaN). */
export function columnsToCsv(columns: Record<string, ArrayLike<number>>): string {
  const keys = Object.keys(columns)
  const n = Math.max(0, ...keys.map((k) => columns[k].length))
  const lines = [keys.map(csvCell).join(',')]
  for (let i = 0; i < n; i++)
    lines.push(
      keys.map((k) => (Number.isFinite(columns[k][i]) ? String(columns[k][i]) : '')).join(',')
    )
  return lines.join('\n') + '\n'
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A file name from a title: lowercase words joined by '-', at most 60 characters. */
export function fileStem(title: string): string {
  const s = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return s || 'experiment'
}

/** Offers a Blob as a download with the given file name. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function downloadText(text: string, name: string, type: string): void {
  downloadBlob(new Blob([text], { type }), name)
}

/** Offers the first canvas inside `root` as a PNG download (canvas.toBlob). */
export function downloadCanvasPng(root: Element | null, name: string): Promise<boolean> {
  const canvas = root?.querySelector('canvas')
  if (!canvas) return Promise.resolve(false)
  return new Promise((resolve) =>
    canvas.toBlob((blob) => {
      if (blob) downloadBlob(blob, name)
      resolve(!!blob)
    }, 'image/png')
  )
}

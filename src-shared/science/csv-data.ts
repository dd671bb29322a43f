import type { Dataset } from './particles'

/**
 * One problem found in a CSV file: 1-based line and column (0 when the problem is the whole file).
 */
export interface CsvIssue {
  line: number
  column: number
  message: string
}

/** A CSV file that cannot be used as a data set; `issues` lists every malformed row found. */
export class CsvError extends Error {
  constructor(readonly issues: CsvIssue[]) {
    const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((i) => i.message)
    const more = issues.length - shown.length
    super(shown.join('; ') + (more > 0 ? `; and ${more} more problem(s)` : ''))
    this.name = 'CsvError'
  }
}

/** The user's data set (docs/science.md#tasks): d feature columns then one label column. */
export interface CsvDataset extends Dataset {
  /** Column names from the header row (d + 1 of them), or null when the file has no header. */
  header: string[] | null
}

/** Options of parseCsvDataset. */
export interface CsvOptions {
  /** Expected number of feature columns d; every row must then have d + 1 cells. */
  dim?: number
  /**
   * Force (true) or forbid (false) a header row. By default the first row is a header iff every
   * cell is a name: non-empty, not a number and not NaN/Inf.
   */
  header?: boolean
}

const MAX_ISSUES_IN_MESSAGE = 5
const MAX_ISSUES = 100
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i

/**
 * Parses a CSV data set: one sample per row, d numeric feature columns then the numeric label. The
 * delimiter is the first of ',', tab, ';' found in the first non-blank line (else runs of spaces).
 * Blank lines are skipped; cells may be wrapped in double quotes. Throws CsvError naming the line
 * and column of every malformed row (up to 100): non-numeric cell, NaN/Inf, wrong column count; and
 * an empty file or a file without data rows.
 */
export function parseCsvDataset(text: string, opts: CsvOptions = {}): CsvDataset {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const rows: { line: number; cells: string[] }[] = []
  let split: ((s: string) => string[]) | null = null
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    split ??= splitterFor(lines[i])
    rows.push({ line: i + 1, cells: split(lines[i]).map(unquote) })
  }
  if (rows.length === 0)
    throw new CsvError([{ line: 0, column: 0, message: 'the CSV file is empty' }])

  const hasHeader = opts.header ?? rows[0].cells.every(isName)
  const header = hasHeader ? rows[0].cells : null
  const data = hasHeader ? rows.slice(1) : rows
  const columns = opts.dim !== undefined ? opts.dim + 1 : (header ?? data[0]?.cells)?.length
  if (data.length === 0 || columns === undefined)
    throw new CsvError([{ line: 0, column: 0, message: 'the CSV file has no data rows' }])

  const issues: CsvIssue[] = []
  const add = (line: number, column: number, message: string) => {
    if (issues.length < MAX_ISSUES) issues.push({ line, column, message })
  }
  if (columns < 2)
    add(
      rows[0].line,
      0,
      `line ${rows[0].line}: need at least one feature column and a label column`
    )
  if (header && header.length !== columns)
    add(rows[0].line, 0, columnCount(rows[0].line, header.length, columns, opts.dim, 'header'))

  const d = columns - 1
  const out: CsvDataset = {
    n: data.length,
    d,
    x: new Float64Array(data.length * d),
    y: new Float64Array(data.length),
    header
  }
  data.forEach(({ line, cells }, k) => {
    if (cells.length !== columns) {
      add(line, 0, columnCount(line, cells.length, columns, opts.dim, 'row'))
      return
    }
    cells.forEach((cell, j) => {
      const where = `line ${line}, column ${j + 1}${header ? ` ('${header[j]}')` : ''}`
      const problem = cellProblem(cell)
      if (problem) add(line, j + 1, `${where}: ${problem}`)
      else if (j < d) out.x[k * d + j] = Number(cell)
      else out.y[k] = Number(cell)
    })
  })
  if (issues.length > 0) throw new CsvError(issues)
  return out
}

function isName(cell: string): boolean {
  return cell !== '' && !NUMBER.test(cell) && !NOT_FINITE.test(cell)
}

function cellProblem(cell: string): string | null {
  if (cell === '') return 'empty cell'
  if (NOT_FINITE.test(cell)) return `'${cell}' is not a finite number`
  if (!NUMBER.test(cell)) return `'${cell}' is not a number`
  if (!Number.isFinite(Number(cell))) return `'${cell}' overflows a float64`
  return null
}

function columnCount(
  line: number,
  got: number,
  expected: number,
  dim: number | undefined,
  what: 'row' | 'header'
): string {
  const why = dim !== undefined ? ` (dim ${dim} + label)` : ''
  return `line ${line}: ${what} has ${got} column(s), expected ${expected}${why}`
}

function splitterFor(firstLine: string): (s: string) => string[] {
  for (const delimiter of [',', '\t', ';'])
    if (firstLine.includes(delimiter)) return (s) => s.split(delimiter)
  return (s) => s.trim().split(/\s+/)
}

function unquote(cell: string): string {
  const c = cell.trim()
  return c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1).trim() : c
}

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
  /**
   * Most numbers (cells of data rows) to hold: the file is refused as soon as it has more, so a
   * huge file costs at most this many float64s however long it is.
   */
  maxValues?: number
}

const MAX_ISSUES_IN_MESSAGE = 5
const MAX_ISSUES = 100
/** Non-blank lines read before choosing the delimiter. */
const SNIFF_LINES = 20
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/
const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i

type Delimiter = ',' | ';' | '\t' | ' '

/**
 * Parses a CSV data set: one sample per row, d numeric feature columns then the numeric label.
 * See CsvStreamParser for the rules; this is the whole text pushed at once.
 */
export function parseCsvDataset(text: string, opts: CsvOptions = {}): CsvDataset {
  const p = new CsvStreamParser(opts)
  p.push(text)
  return p.end()
}

/**
 * A CSV data set read chunk by chunk, holding only the numbers (8 bytes a cell) and the current
 * line, so a 200 MB file costs about its numbers, not its text several times over.
 *
 * - The delimiter is the one of ',', ';', tab and runs of spaces that splits the first 20
 *   non-blank lines into the same number (≥ 2) of cells (',' first, then ';', tab, spaces).
 * - With ';' as the delimiter, a decimal comma is accepted ('1,5' is 1.5).
 * - Cells may be wrapped in double quotes, which may hold the delimiter and "" for a quote.
 * - Blank lines are skipped; a BOM is ignored; lines end in \n, \r\n or \r.
 * - `end()` throws CsvError naming the line and column of every malformed row (up to 100):
 *   a non-numeric cell, NaN/Inf, a wrong column count; and an empty file or one without data rows.
 */
export class CsvStreamParser {
  private carry = ''
  private lineNo = 0
  private pendingCr = false
  private first = true
  private sniffed: { line: number; text: string }[] = []
  private delimiter: Delimiter | null = null
  private header: string[] | null = null
  private columns: number | undefined
  private headerDecided = false
  private n = 0
  private x = new Float64Array(1024)
  private y = new Float64Array(128)
  private readonly issues: CsvIssue[] = []

  constructor(private readonly opts: CsvOptions = {}) {}

  /** Feeds the next piece of the file's text. */
  push(chunk: string): void {
    let text = this.carry + chunk
    if (this.first && text.length > 0) {
      text = text.replace(/^\uFEFF/, '')
      this.first = false
    }
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1)
    this.pendingCr = false
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c !== 10 && c !== 13) continue
      this.line(text.slice(start, i))
      if (c === 13) {
        if (i + 1 === text.length) this.pendingCr = true
        else if (text.charCodeAt(i + 1) === 10) i++
      }
      start = i + 1
    }
    this.carry = text.slice(start)
  }

  /** The data set, once the whole file was pushed. */
  end(): CsvDataset {
    if (this.carry !== '') this.line(this.carry)
    this.carry = ''
    this.flushSniffed()
    if (!this.headerDecided)
      throw new CsvError([{ line: 0, column: 0, message: 'the CSV file is empty' }])
    if (this.n === 0 && this.issues.length === 0)
      throw new CsvError([{ line: 0, column: 0, message: 'the CSV file has no data rows' }])
    if (this.issues.length > 0) throw new CsvError(this.issues)
    const d = (this.columns ?? 1) - 1
    return {
      n: this.n,
      d,
      x: this.x.slice(0, this.n * d),
      y: this.y.slice(0, this.n),
      header: this.header
    }
  }

  private add(line: number, column: number, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ line, column, message })
  }

  private line(text: string): void {
    this.lineNo++
    if (text.trim() === '') return
    if (this.delimiter === null) {
      this.sniffed.push({ line: this.lineNo, text })
      if (this.sniffed.length >= SNIFF_LINES) this.flushSniffed()
      return
    }
    this.row(this.lineNo, text)
  }

  /** Chooses the delimiter from the lines read so far, then parses them. */
  private flushSniffed(): void {
    if (this.delimiter !== null || this.sniffed.length === 0) return
    this.delimiter = chooseDelimiter(this.sniffed.map((l) => l.text))
    for (const l of this.sniffed) this.row(l.line, l.text)
    this.sniffed = []
  }

  private row(line: number, text: string): void {
    const cells = splitCells(text, this.delimiter!)
    if (!this.headerDecided) {
      this.headerDecided = true
      const hasHeader = this.opts.header ?? cells.every(isName)
      this.columns = this.opts.dim !== undefined ? this.opts.dim + 1 : cells.length
      if (this.columns < 2)
        this.add(line, 0, `line ${line}: need at least one feature column and a label column`)
      if (hasHeader) {
        this.header = cells
        if (cells.length !== this.columns)
          this.add(line, 0, columnCount(line, cells.length, this.columns, this.opts.dim, 'header'))
        return
      }
    }
    const columns = this.columns!
    if (cells.length !== columns) {
      this.add(line, 0, columnCount(line, cells.length, columns, this.opts.dim, 'row'))
      return
    }
    const d = columns - 1
    const max = this.opts.maxValues
    if (max !== undefined && (this.n + 1) * columns > max)
      throw new CsvError([
        {
          line,
          column: 0,
          message: `the file has more than ${max.toLocaleString('en-US')} numbers (line ${line} is past the limit)`
        }
      ])
    this.grow(d)
    let ok = true
    for (let j = 0; j < columns; j++) {
      const value = this.cellValue(cells[j])
      if (typeof value === 'string') {
        const name = this.header?.[j]
        this.add(
          line,
          j + 1,
          `line ${line}, column ${j + 1}${name ? ` ('${name}')` : ''}: ${value}`
        )
        ok = false
      } else if (j < d) this.x[this.n * d + j] = value
      else this.y[this.n] = value
    }
    if (ok) this.n++
  }

  /** The cell's number, or what is wrong with it. */
  private cellValue(cell: string): number | string {
    if (cell === '') return 'empty cell'
    if (NOT_FINITE.test(cell)) return `'${cell}' is not a finite number`
    let text = cell
    if (this.delimiter === ';' && DECIMAL_COMMA.test(cell)) text = cell.replace(',', '.')
    if (!NUMBER.test(text)) return `'${cell}' is not a number`
    const v = Number(text)
    if (!Number.isFinite(v)) return `'${cell}' overflows a float64`
    return v
  }

  private grow(d: number): void {
    if ((this.n + 1) * d > this.x.length) {
      const bigger = new Float64Array(Math.max(2 * this.x.length, (this.n + 1) * d))
      bigger.set(this.x)
      this.x = bigger
    }
    if (this.n + 1 > this.y.length) {
      const bigger = new Float64Array(2 * this.y.length)
      bigger.set(this.y)
      this.y = bigger
    }
  }
}

/** The delimiter that splits every sniffed line into the same number (≥ 2) of cells. */
function chooseDelimiter(lines: string[]): Delimiter {
  for (const d of [',', ';', '\t', ' '] as const) {
    const counts = lines.map((l) => splitCells(l, d).length)
    if (counts[0] >= 2 && counts.every((c) => c === counts[0])) return d
  }
  // no consistent choice: the first that appears, so the row-count errors say what is wrong
  for (const d of [',', ';', '\t'] as const) if (lines[0].includes(d)) return d
  return ' '
}

/**
 * The cells of one line: split at the delimiter outside double quotes, each trimmed and unquoted
 * ("" inside quotes is one "). ' ' means runs of spaces or tabs.
 */
function splitCells(line: string, delimiter: Delimiter): string[] {
  if (delimiter === ' ' && !line.includes('"')) return line.trim().split(/[ \t]+/)
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (delimiter === ' ' ? c === ' ' || c === '\t' : c === delimiter) {
      if (delimiter === ' ' && cell === '') continue
      cells.push(cell.trim())
      cell = ''
    } else cell += c
  }
  if (!(delimiter === ' ' && cell.trim() === '')) cells.push(cell.trim())
  return cells
}

function isName(cell: string): boolean {
  return cell !== '' && !NUMBER.test(cell) && !DECIMAL_COMMA.test(cell) && !NOT_FINITE.test(cell)
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

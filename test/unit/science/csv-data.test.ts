import { describe, expect, it } from 'vitest'
import { CsvError, CsvStreamParser, parseCsvDataset } from '@shared/science/csv-data'

function issuesOf(text: string, opts = {}) {
  try {
    parseCsvDataset(text, opts)
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError)
    return (e as CsvError).issues
  }
  throw new Error('expected a CsvError')
}

describe('parseCsvDataset', () => {
  it('reads d feature columns and a last label column, with a header', () => {
    const ds = parseCsvDataset('x1,x2,label\n1,2,3\n-4.5e1, .5 ,"-1"\n\n')
    expect(ds.header).toEqual(['x1', 'x2', 'label'])
    expect(ds.n).toBe(2)
    expect(ds.d).toBe(2)
    expect(Array.from(ds.x)).toEqual([1, 2, -45, 0.5])
    expect(Array.from(ds.y)).toEqual([3, -1])
  })

  it('reads a file without header, CRLF line ends, tabs, semicolons or spaces', () => {
    for (const text of ['1,2\r\n3,4\r\n', '1\t2\n3\t4', '1;2\n3;4', '  1   2\n3 4\n']) {
      const ds = parseCsvDataset(text)
      expect(ds.header).toBeNull()
      expect([ds.n, ds.d]).toEqual([2, 1])
      expect(Array.from(ds.x)).toEqual([1, 3])
      expect(Array.from(ds.y)).toEqual([2, 4])
    }
  })

  it('names line and column of a non-numeric cell, with the header name', () => {
    const issues = issuesOf('a,b,y\n1,2,3\n1,oops,3\n')
    expect(issues).toEqual([
      { line: 3, column: 2, message: "line 3, column 2 ('b'): 'oops' is not a number" }
    ])
  })

  it('rejects NaN, Inf, overflow and empty cells', () => {
    const issues = issuesOf('1,NaN\n2,inf\n-Infinity,1\n1e999,2\n,3\n')
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [1, 2],
      [2, 2],
      [3, 1],
      [4, 1],
      [5, 1]
    ])
    expect(issues[0].message).toBe("line 1, column 2: 'NaN' is not a finite number")
    expect(issues[3].message).toMatch(/overflows/)
    expect(issues[4].message).toBe('line 5, column 1: empty cell')
  })

  it('reports every row with the wrong number of columns, and the expected count', () => {
    const issues = issuesOf('1,2,3\n1,2\n1,2,3,4\n5,6,7\n')
    expect(issues.map((i) => i.message)).toEqual([
      'line 2: row has 2 column(s), expected 3',
      'line 3: row has 4 column(s), expected 3'
    ])
  })

  it('checks the column count against dim', () => {
    const issues = issuesOf('1,2,3\n4,5,6\n', { dim: 3 })
    expect(issues[0].message).toBe('line 1: row has 3 column(s), expected 4 (dim 3 + label)')
    expect(issues).toHaveLength(2)
    expect(parseCsvDataset('1,2,3\n', { dim: 2 }).d).toBe(2)
  })

  it('rejects an empty file, a header without rows and a single column', () => {
    expect(() => parseCsvDataset('')).toThrow('the CSV file is empty')
    expect(() => parseCsvDataset('\n  \n')).toThrow('the CSV file is empty')
    expect(() => parseCsvDataset('x,y\n')).toThrow('the CSV file has no data rows')
    expect(() => parseCsvDataset('1\n2\n')).toThrow(/at least one feature column/)
  })

  it('does not take a data row with a typo for a header', () => {
    // Only a first row with no numeric cell is a header: here the bad cell is reported instead.
    expect(issuesOf('1,x,3\n4,5,6')[0].message).toBe("line 1, column 2: 'x' is not a number")
    expect(issuesOf('NaN,inf\n4,5')[0].message).toBe(
      "line 1, column 1: 'NaN' is not a finite number"
    )
    expect(parseCsvDataset('1,2\n3,4', { header: true }).header).toEqual(['1', '2'])
  })

  it('summarises many problems in its message', () => {
    const text = Array.from({ length: 8 }, (_, i) => `${i},bad`).join('\n')
    const err = (() => {
      try {
        parseCsvDataset('x,y\n' + text)
      } catch (e) {
        return e as CsvError
      }
    })()
    expect(err!.issues).toHaveLength(8)
    expect(err!.message).toMatch(/and 3 more problem/)
  })

  it('detects the delimiter by consistent column counts; decimal commas with ;', () => {
    const semi = parseCsvDataset('1,5;2,3;0\n-0,25;1;1\n')
    expect(Array.from(semi.x)).toEqual([1.5, 2.3, -0.25, 1])
    expect(Array.from(semi.y)).toEqual([0, 1])
    // commas in every line but not the same count of them: ';' is the consistent choice
    const mixed = parseCsvDataset('a;b;label\n1,5;2;1\n3;4,75;0\n')
    expect(mixed.header).toEqual(['a', 'b', 'label'])
    expect(Array.from(mixed.x)).toEqual([1.5, 2, 3, 4.75])
    expect(Array.from(parseCsvDataset('1 2  3\n4\t5 6\n').y)).toEqual([3, 6])
  })

  it('reads quoted fields holding the delimiter and doubled quotes', () => {
    const r = parseCsvDataset('"size, cm","say ""hi""",label\n"1",2,"0"\n')
    expect(r.header).toEqual(['size, cm', 'say "hi"', 'label'])
    expect(Array.from(r.x)).toEqual([1, 2])
    expect(Array.from(r.y)).toEqual([0])
  })

  it('streams: any chunking gives the same data set, lines split anywhere (\\r\\n included)', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},${i / 2},${i % 2}`)
    const text = 'x1,x2,y\r\n' + rows.join('\r\n')
    const whole = parseCsvDataset(text)
    for (const size of [1, 7, 64, 1000]) {
      const p = new CsvStreamParser()
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size))
      const r = p.end()
      expect(r.n).toBe(300)
      expect(r.x).toEqual(whole.x)
      expect(r.y).toEqual(whole.y)
    }
  })
})

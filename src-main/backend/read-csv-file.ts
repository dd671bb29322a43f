import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { CsvError, CsvStreamParser, type CsvOptions } from '@shared/science/csv-data'
import type { ChosenData } from '@shared/protocol/lab-api'

/** A CSV file that cannot be read as a data set: one printable line saying why. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CsvFileError'
  }
}

/**
 * Reads a CSV data set a chunk at a time through the streaming parser (memory: its numbers, not
 * its text), for `mflab new --csv` and the desktop app's file dialog. The result names the file
 * only, never its folder.
 */
export async function readCsvFile(file: string, opts: CsvOptions = {}): Promise<ChosenData> {
  try {
    if ((await stat(file)).isDirectory()) throw new CsvFileError('is a directory')
  } catch (e) {
    if (e instanceof CsvFileError) throw e
    throw new CsvFileError('no such file')
  }
  const parser = new CsvStreamParser(opts)
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8' }))
      parser.push(chunk as string)
    const rows = parser.end()
    return { fileName: basename(file), ...rows }
  } catch (e) {
    if (e instanceof CsvError) throw new CsvFileError(e.message)
    throw new CsvFileError((e as Error).message)
  }
}

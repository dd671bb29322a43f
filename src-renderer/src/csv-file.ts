import { CsvError, CsvStreamParser } from '@shared/science/csv-data'
import { MAX_DATA_VALUES } from '@shared/protocol/arg-schemas'
import type { ChosenData } from '@shared/protocol/lab-api'

/** Where the page finds the CSV file shipped with the app (beside index.html, in web and desktop). */
export const SAMPLE_DATA_URL = 'samples/sample-data.csv'

/**
 * Reads a CSV file the user picked (or the shipped sample) a chunk at a time through the same
 * streaming parser as `mflab new --csv`: the page holds the file's numbers, never its whole text,
 * and stops at MAX_DATA_VALUES numbers, what a run started from the app may carry. Rejects with a
 * one-line message that names the line and column of a bad cell.
 */
export async function readCsvStream(
  stream: ReadableStream<Uint8Array>,
  fileName: string
): Promise<ChosenData> {
  const parser = new CsvStreamParser({ maxValues: MAX_DATA_VALUES })
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      parser.push(decoder.decode(value, { stream: true }))
    }
    parser.push(decoder.decode())
    return { fileName, ...parser.end() }
  } catch (e) {
    void reader.cancel().catch(() => undefined)
    const why = e instanceof CsvError ? e.message : `could not be read (${(e as Error).message})`
    throw new Error(oneLine(why))
  }
}

/** A file from an `<input type="file">`. */
export function readCsvFile(file: File): Promise<ChosenData> {
  return readCsvStream(file.stream(), file.name)
}

/** The sample data set shipped with the app: 300 rows, 4 features, two classes labelled ±1. */
export async function readSampleCsv(): Promise<ChosenData> {
  const res = await fetch(SAMPLE_DATA_URL)
  if (!res.ok || !res.body) throw new Error(`the sample data could not be loaded (${res.status})`)
  return readCsvStream(res.body, 'sample-data.csv')
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300)
}

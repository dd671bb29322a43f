import type { MetricRecord } from '@shared/engine/simulation-types'
import { csvRowsOf } from '@shared/session/csv-rows'
import type { SessionAccumulator } from '@shared/session/session-accumulator'
import { ComputeClient } from '../compute/compute-client'
import type { ComputeEvent, DoneEvent, ErrorEvent, StartOptions } from '../compute/compute-protocol'
import { Autosaver } from './autosaver'

/** How to run one session in a compute worker. */
export interface SessionRunOptions {
  workerPath: string | URL
  /** Threads the run may use (see ComputeClientOptions.threads). */
  threads?: number
  /** The session to grow: a fresh one, or one trimmed to the checkpoint it resumes from. */
  record: SessionAccumulator
  /** How the worker starts (the spec is the record's). */
  start: Omit<StartOptions, 'spec'>
  /**
   * Called after the record folded each event. `finalRow` is the row the end of a run stopped
   * between two records added (a live view has not seen it); else null.
   */
  onEvent?: (e: ComputeEvent, finalRow: MetricRecord | null) => void
  /** Saves the session on a timer while it runs (none when absent). */
  autosave?: {
    intervalSeconds: number
    save: (client: ComputeClient) => Promise<void>
    onError?: (error: unknown) => void
  }
}

/**
 * One session in one compute worker, the loop the app's run queue, `mflab run` and studies share:
 * it starts the worker, folds every event into the record, autosaves on a timer, and `ended`
 * resolves with the end ('done' or 'error', a crash included) once the record holds it and the
 * timer has stopped. The status and message of the record follow the end; a host may override them.
 * The constructor throws when the worker cannot be started.
 */
export class SessionRun {
  readonly client: ComputeClient
  readonly ended: Promise<DoneEvent | ErrorEvent>
  private readonly autosaver: Autosaver | null
  private detached = false

  constructor(opts: SessionRunOptions) {
    const { record } = opts
    const client = new ComputeClient({ workerPath: opts.workerPath, threads: opts.threads })
    this.client = client
    client.on((e) => {
      if (this.detached) return
      const finalRow = record.apply(e)
      opts.onEvent?.(e, finalRow)
    })
    const a = opts.autosave
    this.autosaver = a
      ? new Autosaver({
          intervalSeconds: a.intervalSeconds,
          save: () => a.save(client),
          onError: a.onError
        })
      : null
    client.start({ ...opts.start, spec: record.spec, csv: csvRowsOf(record.spec, record.data) })
    this.autosaver?.start()
    this.ended = client.ended.then(async (end) => {
      await this.stopAutosave()
      return end
    })
  }

  /**
   * Stops folding and passing on events and ends the autosave timer: for a worker given up on
   * (its file stays as last saved, e.g. 'running' and so recoverable).
   */
  detach(): void {
    this.detached = true
    void this.stopAutosave()
  }

  /** Ends the autosave timer and waits for a save in flight. */
  async stopAutosave(): Promise<void> {
    await this.autosaver?.stop()
  }
}

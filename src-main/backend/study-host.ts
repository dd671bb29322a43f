import type { Study } from '@shared/study/study-types'
import { studyClaims } from '@shared/study/preset-study'
import { studyToData, type StudyData } from '@shared/study/study-data'
import { saveStudyFile, StudyRunner, type StudyRunnerOptions } from './study-runner'

/** One study this process runs or ran: its file and its runner (null once it has ended). */
interface HostedStudy {
  path: string
  runner: StudyRunner | null
  /** Resolves when the runner in flight has ended and the final file is written. */
  ended: Promise<void>
}

/** What the host needs to start runners. */
export interface StudyHostOptions {
  workerPath: () => string | URL
  /** Workers per study; default: as many as the machine has cores (the runner's default). */
  jobs?: () => number | undefined
  log?: (line: string) => void
}

/**
 * Runs studies for the app (the same StudyRunner as `mflab sweep`): one runner per study file,
 * saving after every run and on its autosave interval, and judging the preset's claims into the
 * file when the runner ends. Viewers read the live state through `data`.
 */
export class StudyHost {
  private readonly studies = new Map<string, HostedStudy>()

  constructor(private readonly opts: StudyHostOptions) {}

  /** Whether a study file (absolute path) is being run now. */
  isRunning(path: string): boolean {
    return this.studies.get(path)?.runner != null
  }

  /** Saves the study to `path` and starts running its unfinished runs. */
  async start(path: string, study: Study): Promise<void> {
    if (this.isRunning(path)) throw new Error('this study is already running')
    const saved = await saveStudyFile(path, study)
    this.launch(path, saved)
  }

  /** Stops a running study after the chunk in flight; its runs keep checkpoints to resume from. */
  stop(path: string): Promise<void> {
    const h = this.studies.get(path)
    if (!h?.runner) return Promise.resolve()
    h.runner.stop()
    return h.ended
  }

  /** The live view of a study this process runs or ran, or null (then read the file). */
  data(path: string, id: string): StudyData | null {
    const runner = this.studies.get(path)?.runner
    if (!runner) return null
    const now = runner.snapshot()
    return studyToData(now, id, { running: true, claims: studyClaims(now) })
  }

  /** Stops every study (resumable) and waits for their files. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.studies.keys()].map((p) => this.stop(p)))
  }

  private launch(path: string, study: Study): void {
    const options: StudyRunnerOptions = {
      workerPath: this.opts.workerPath(),
      file: path,
      jobs: this.opts.jobs?.()
    }
    const runner = new StudyRunner(study, options)
    runner.on((e) => {
      if (e.type === 'saveFailed') this.opts.log?.(`saving study ${path} failed: ${e.message}`)
    })
    const h: HostedStudy = { path, runner, ended: Promise.resolve() }
    h.ended = runner
      .run()
      .then(async (done) => {
        const claims = studyClaims(done)
        if (claims) await saveStudyFile(path, { ...done, claims })
      })
      .catch((e: unknown) => {
        this.opts.log?.(`study ${path} ended with an error: ${(e as Error).message}`)
      })
      .finally(() => {
        h.runner = null
      })
    this.studies.set(path, h)
  }
}

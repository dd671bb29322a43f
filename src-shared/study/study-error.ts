/**
 * A study file that cannot be read: `where` is the path of the bad part, a manifest field
 * ('manifest.runs.3.seed') or an archive entry, possibly inside a run ('runs/003.mflab:
 * manifest.spec.model.width'); the message starts with it.
 */
export class StudyFormatError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string
  ) {
    super(`${where}: ${reason}`)
    this.name = 'StudyFormatError'
  }
}

import { LocatedError } from '../protocol/printable'

/**
 * A study file that cannot be read: `where` is the path of the bad part, a manifest field
 * ('manifest.runs.3.seed') or an archive entry, possibly inside a run ('runs/003.mflab:
 * manifest.spec.model.width'); the message starts with it, on one printable line.
 */
export class StudyFormatError extends LocatedError {
  constructor(where: string, reason: string) {
    super(where, reason)
    this.name = 'StudyFormatError'
  }
}

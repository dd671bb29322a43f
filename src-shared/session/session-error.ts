import { LocatedError } from '../protocol/printable'

/**
 * A session file that cannot be read: `where` is the path of the bad part, either a manifest field
 * ('manifest.spec.model.width') or an archive entry ('series/risk.f64'); the message starts with it, on one printable line.
 */
export class SessionFormatError extends LocatedError {
  constructor(where: string, reason: string) {
    super(where, reason)
    this.name = 'SessionFormatError'
  }
}

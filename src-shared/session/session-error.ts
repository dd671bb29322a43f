/**
 * A session file that cannot be read: `where` is the path of the bad part, either a manifest field
 * ('manifest.spec.model.width') or an archive entry ('series/risk.f64'); the message starts with it.
 */
export class SessionFormatError extends Error {
  constructor(
    readonly where: string,
    readonly reason: string
  ) {
    super(`${where}: ${reason}`)
    this.name = 'SessionFormatError'
  }
}

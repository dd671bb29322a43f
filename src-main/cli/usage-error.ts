/** A mistake in what the user asked for: printed as one line `mflab: …`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Exit codes of `mflab`. */
export const EXIT = { ok: 0, internal: 1, usage: 2, interrupted: 130 } as const

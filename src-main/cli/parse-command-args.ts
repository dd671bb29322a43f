import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './usage-error'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs with strict checking, its errors turned into one-line UsageErrors that name
 * the command and the option.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    const err = e as Error & { code?: string }
    const option = (/'([^']+)'/.exec(err.message)?.[1] ?? '').split(' ')[0]
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`${command}: unknown option ${option} (see mflab --help)`)
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        if (/ambiguous/.test(err.message))
          throw new UsageError(
            `${command}: ${option} needs a value (write ${option}=VALUE when it starts with '-')`
          )
        if (/argument missing/.test(err.message))
          throw new UsageError(`${command}: ${option} needs a value`)
        throw new UsageError(`${command}: ${err.message.split('\n')[0]}`)
      default:
        throw new UsageError(`${command}: ${err.message.split('\n')[0]}`)
    }
  }
}

/** The single positional argument a command needs (a file), or a UsageError naming it. */
export function onePositional(command: string, positionals: string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${command}: missing ${what}`)
  if (positionals.length > 1)
    throw new UsageError(`${command}: unexpected argument '${positionals[1]}' (one ${what} only)`)
  return positionals[0]
}

/** A whole number ≥ min from an option value, or a UsageError naming the option. */
export function intOption(
  command: string,
  name: string,
  raw: string | undefined,
  min: number
): number | undefined {
  if (raw === undefined) return undefined
  const v = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min)
    throw new UsageError(`${command}: --${name} must be a whole number ≥ ${min}, got '${raw}'`)
  return v
}

/** One of the allowed words, or a UsageError listing them. */
export function choiceOption<T extends string>(
  command: string,
  name: string,
  raw: string | undefined,
  allowed: readonly T[]
): T | undefined {
  if (raw === undefined) return undefined
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`${command}: --${name} must be one of ${allowed.join(', ')}, got '${raw}'`)
  return raw as T
}

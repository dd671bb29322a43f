/**
 * The deepest nesting of arrays and objects in a JSON text, counted in one linear pass that skips
 * strings; it stops counting at `limit + 1`. JSON.parse itself has no depth limit, and 8 MB of
 * brackets costs it hundreds of MB, so a reader checks this first.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) > limit) return max
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return max
}

/** JSON nested deeper than a reader allows. */
export class JsonDepthError extends Error {
  constructor(readonly limit: number) {
    super(`nested more than ${limit} levels deep`)
    this.name = 'JsonDepthError'
  }
}

/** JSON.parse after checking the nesting depth (throws JsonDepthError beyond `maxDepth`). */
export function parseBoundedJson(
  text: string,
  maxDepth: number,
  reviver?: (key: string, value: unknown) => unknown
): unknown {
  if (jsonDepth(text, maxDepth) > maxDepth) throw new JsonDepthError(maxDepth)
  return JSON.parse(text, reviver)
}

/**
 * Base of every expected failure. `code` is stable (for logs, metrics and tests); `userMessage` is
 * short, says what to do next and never carries internals or upstream text; `message` and `cause`
 * hold the detail for the log.
 */
export abstract class PaperboyError extends Error {
  abstract readonly code: string;
  abstract readonly userMessage: string;
}

export function isPaperboyError(error: unknown): error is PaperboyError {
  return error instanceof PaperboyError;
}

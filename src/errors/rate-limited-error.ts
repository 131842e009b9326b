import { PaperboyError } from './paperboy-error.ts';

/**
 * Thrown when a limit is hit: a user's or guild's LLM budget, or an upstream service's 429 after
 * retries. `retryAfterMs` says when trying again makes sense.
 */
export class RateLimitedError extends PaperboyError {
  override readonly name = 'RateLimitedError';
  readonly code = 'rate_limited';
  readonly service: string;
  readonly retryAfterMs: number;

  constructor(service: string, retryAfterMs: number, options?: ErrorOptions) {
    super(`${service} rate limit; retry after ${retryAfterMs} ms`, options);
    this.service = service;
    this.retryAfterMs = retryAfterMs;
  }

  get userMessage(): string {
    const seconds = Math.max(1, Math.ceil(this.retryAfterMs / 1000));
    return `Slow down a little: try again in ${seconds} s.`;
  }
}

import { PaperboyError } from './paperboy-error.ts';

export type UpstreamFailure = 'unavailable' | 'bad_response' | 'not_found';

/**
 * Thrown by source and LLM clients when the service behind them fails: unreachable, timed out or
 * 5xx (`unavailable`), an answer that does not parse (`bad_response`), or a 404 (`not_found`).
 * `service` names it (`arxiv`, `huggingface`, `semanticscholar`, `llm`, `redis`, `postgres`); the original is `cause`.
 */
export class UpstreamError extends PaperboyError {
  // Widened so that SourceUnreachableError can name itself.
  override readonly name: string = 'UpstreamError';
  readonly code: `upstream_${UpstreamFailure}`;
  readonly service: string;
  readonly failure: UpstreamFailure;

  constructor(service: string, failure: UpstreamFailure, detail: string, options?: ErrorOptions) {
    super(`${service} ${failure.replace('_', ' ')}: ${detail}`, options);
    this.service = service;
    this.failure = failure;
    this.code = `upstream_${failure}`;
  }

  get userMessage(): string {
    return this.failure === 'not_found'
      ? 'That paper was not found upstream. Check the id.'
      : `${SERVICE_NAMES[this.service] ?? 'A service'} is not answering right now. Try again in a few minutes.`;
  }
}

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  arxiv: 'arXiv',
  huggingface: 'Hugging Face',
  semanticscholar: 'Semantic Scholar',
  llm: 'The language model',
  discord: 'Discord',
  redis: 'The Redis cache',
  postgres: 'The database',
};

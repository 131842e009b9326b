import { PaperboyError } from './paperboy-error.ts';

/** Thrown when an id, URL or title names no paper in the library or the sources. */
export class PaperNotFoundError extends PaperboyError {
  override readonly name = 'PaperNotFoundError';
  readonly code = 'paper_not_found';
  readonly userMessage = 'No paper matches that id, URL or title. Try /papers to search.';
  readonly query: string;

  constructor(query: string, options?: ErrorOptions) {
    super(`no paper for ${JSON.stringify(query.slice(0, 200))}`, options);
    this.query = query;
  }
}

import { PaperboyError } from './paperboy-error.ts';

/** A paper a title could mean: its canonical id and title. */
export interface PaperCandidate {
  readonly id: string;
  readonly title: string;
}

/**
 * Thrown when a title (or the start of one) fits several papers and none exactly: the user picks
 * by id rather than getting a guess shown as an answer (issue 12). `userMessage` names them.
 */
export class AmbiguousPaperError extends PaperboyError {
  override readonly name = 'AmbiguousPaperError';
  readonly code = 'paper_ambiguous';
  readonly userMessage: string;
  readonly query: string;
  readonly candidates: readonly PaperCandidate[];

  constructor(query: string, candidates: readonly PaperCandidate[], options?: ErrorOptions) {
    super(`${candidates.length} papers fit ${JSON.stringify(query.slice(0, 200))}`, options);
    this.query = query;
    this.candidates = candidates;
    this.userMessage = [
      'Several papers fit that title; give the id (or more of the title) of the one you mean:',
      ...candidates.map((c) => `• ${c.title.slice(0, 120)} (${c.id})`),
    ].join('\n');
  }
}

import { PaperboyError } from './paperboy-error.ts';

export const ACCEPTED_ID_FORMS = [
  '2401.12345 or 2401.12345v2',
  'arXiv:2401.12345',
  'https://arxiv.org/abs/2401.12345 (also /pdf/ and /html/)',
  'hep-th/9901001 or math.CA/0611800v2',
  'https://huggingface.co/papers/2401.12345',
  '10.48550/arXiv.2401.12345 or any DOI',
] as const;

/** Thrown when text is not a paper identifier in any accepted form; never echoes the input. */
export class InvalidPaperIdError extends PaperboyError {
  override readonly name = 'InvalidPaperIdError';
  readonly code = 'invalid_paper_id';
  readonly userMessage = `That is not a paper id I know. Use one of: ${ACCEPTED_ID_FORMS.join('; ')}.`;
  readonly input: string;
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`unparseable paper id (${reason}): ${JSON.stringify(input.slice(0, 120))}`);
    this.input = input;
    this.reason = reason;
  }
}

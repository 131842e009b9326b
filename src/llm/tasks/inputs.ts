import { UserInputError } from '../../errors/index.ts';
import type { Paper } from '../../papers/paper.ts';

// BCP 47 as far as prompts need it: a language, optionally a region or script (en, de, pt-BR, zh-Hant).
const LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/** A request in a language the caller may leave out. */
export interface WithLanguage {
  /** A language code such as en, de or pt-BR; default en. */
  readonly language?: string | undefined;
}

/**
 * The language, en when none is given.
 * @throws UserInputError unless `language` looks like a language code.
 */
export function checkLanguage(language = 'en'): string {
  if (!LANGUAGE.test(language)) {
    throw new UserInputError('Give the language as a code such as en, de or pt-BR.');
  }
  return language;
}

/**
 * The question trimmed.
 * @throws UserInputError for an empty question.
 */
export function checkQuestion(question: string): string {
  const trimmed = question.trim();
  if (!trimmed) throw new UserInputError('Ask a question, e.g. "Which papers use speculative decoding?"');
  return trimmed;
}

/** The papers without repeats of an id, first occurrence kept. */
export function dedupePapers(papers: readonly Paper[]): Paper[] {
  const seen = new Set<string>();
  return papers.filter((paper) => !seen.has(paper.id) && seen.add(paper.id));
}

import { UserInputError } from '../../src/errors/index.ts';
import type { CommandContext } from '../../src/interactions/types.ts';
import { MAX_COMPARE, MIN_COMPARE } from '../../src/llm/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { tryParsePaperId } from '../../src/papers/parse-paper-id.ts';
import type { View } from '../../src/views.ts';
import { resolvePaper } from './resolve-paper.ts';

const CANONICAL_ID = /^(?:local|arxiv|doi|s2):\S+$/;

/**
 * Splits `/compare papers` text into references: ids and URLs separated by spaces or commas;
 * titles when quoted ("…"), or, when nothing in the text is an id, comma-separated titles.
 * @throws UserInputError when ids and unquoted words are mixed.
 */
export function splitPaperReferences(text: string): string[] {
  const quoted: string[] = [];
  const rest = text.replace(/["“”]([^"“”]+)["“”]/g, (_match, title: string) => {
    quoted.push(title.trim());
    return ' ';
  });
  const tokens = rest.split(/[\s,]+/).filter((token) => token.length > 0);
  const isId = (token: string) => tryParsePaperId(token) !== undefined || CANONICAL_ID.test(token);
  if (tokens.every(isId)) return [...tokens, ...quoted].filter((reference) => reference.length > 0);
  if (quoted.length === 0 && !tokens.some(isId)) {
    return rest
      .split(',')
      .map((title) => title.trim())
      .filter((title) => title.length > 0);
  }
  throw new UserInputError(
    'Put titles in quotes when mixing them with ids, e.g. 2401.12345 "Attention Is All You Need".',
  );
}

/**
 * Checks what can be checked without looking papers up: 2–5 references, not all the same text.
 * @throws UserInputError otherwise.
 */
export function checkPaperCount(references: readonly string[]): void {
  if (references.length < MIN_COMPARE || references.length > MAX_COMPARE) {
    throw new UserInputError(`Compare takes ${MIN_COMPARE} to ${MAX_COMPARE} papers; you gave ${references.length}.`);
  }
  if (new Set(references.map((reference) => reference.toLowerCase())).size < MIN_COMPARE) {
    throw new UserInputError('Those all name the same paper; give at least two different ones.');
  }
}

/** Resolves 2–5 references and compares them. @throws UserInputError for fewer than 2 or more than 5 papers. */
export async function comparePapers(references: readonly string[], ctx: CommandContext): Promise<View> {
  checkPaperCount(references);
  const papers: Paper[] = [];
  for (const reference of references) {
    const paper = await resolvePaper(reference, ctx);
    if (!papers.some((known) => known.id === paper.id)) papers.push(paper);
  }
  if (papers.length < MIN_COMPARE) {
    throw new UserInputError('Those all name the same paper; give at least two different ones.');
  }
  const comparison = await ctx.services.llm.compare(papers, { signal: ctx.signal });
  return { kind: 'comparison', papers, comparison };
}

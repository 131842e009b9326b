import { isStopword, tokenize } from '../text/index.ts';

/**
 * Turns untrusted text into an FTS5 MATCH expression that can never be a syntax error: every
 * token is a double-quoted string (FTS5's only escape is doubling `"`, and our tokens are letters,
 * digits and private-use characters only, split as FTS5's tokenizer splits), so `NEAR`, `AND`,
 * `*`, `:`, `^`, parentheses and column filters in the input are plain words or nothing at all.
 */

/** The most query terms that reach FTS5; long texts (a pasted abstract) keep their first distinct terms. */
export const MAX_QUERY_TERMS = 48;
const MAX_TOKEN_LENGTH = 64;
// A 10 kB paste should cost microseconds, not a regex over megabytes.
const MAX_INPUT_CHARS = 20_000;

export interface TokenizeOptions {
  readonly maxTerms?: number;
  readonly keepStopwords?: boolean;
}

/** Folded word tokens of `text` (NFKC first), stopwords dropped, de-duplicated, capped. */
export function queryTerms(
  text: string,
  { maxTerms = MAX_QUERY_TERMS, keepStopwords = false }: TokenizeOptions = {},
): string[] {
  // NFKC: what users type ("ﬁne", full-width letters) should find what abstracts spell plainly.
  const tokens = tokenize(text.slice(0, MAX_INPUT_CHARS).normalize('NFKC'));
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const word of tokens) {
    const token = word.slice(0, MAX_TOKEN_LENGTH);
    if (seen.has(token) || (!keepStopwords && isStopword(token))) continue;
    seen.add(token);
    terms.push(token);
    if (terms.length >= maxTerms) break;
  }
  return terms;
}

/** Quotes one token as an FTS5 string. */
export function quoteTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * An OR of the quoted terms of `text` (FTS5's default AND finds almost nothing for a sentence),
 * or undefined when nothing in it is searchable — then search returns no hits.
 */
export function buildFtsQuery(text: string, options?: TokenizeOptions): { match: string; terms: string[] } | undefined {
  const terms = queryTerms(text, options);
  if (terms.length === 0) return undefined;
  return { match: terms.map(quoteTerm).join(' OR '), terms };
}

/**
 * For autocomplete: every complete word must match and the last, possibly unfinished, word
 * matches as a prefix (`"spec" *`), so "speculative dec" narrows as the user types.
 * Stopwords stay: a title being typed is not a natural-language question.
 */
export function buildPrefixQuery(text: string, maxTerms = 8): string | undefined {
  const terms = queryTerms(text, { maxTerms, keepStopwords: true });
  const last = terms.at(-1);
  if (!last) return undefined;
  const endsInWord = /[\p{L}\p{N}\p{M}]$/u.test(text.trimEnd()) && text.trimEnd().length === text.length;
  const whole = terms.slice(0, -1).map(quoteTerm);
  return [...whole, endsInWord ? `${quoteTerm(last)}*` : quoteTerm(last)].join(' AND ');
}

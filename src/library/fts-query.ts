/**
 * Turns untrusted text into an FTS5 MATCH expression that can never be a syntax error: every
 * token is a double-quoted string (FTS5's only escape is doubling `"`, and our tokens are letters,
 * digits and marks only), so `NEAR`, `AND`, `*`, `:`, `^`, parentheses and column filters in the
 * input are plain words or nothing at all.
 */

// Function words that carry no topic. The list is deliberately short: a claim like "IL-6 is not
// elevated" still needs "elevated", and scientific text uses words ("can", "may") that generic
// stopword lists drop but that here rarely matter either way (tuned on SciFact train claims).
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by did do does for from had has have he her his how i if in into is it its ' +
    'of on or our she so such than that the their them then there these they this those to was we were what when ' +
    'where which while who whom why will with would you your not no nor'
  ).split(' '),
);

/** The most query terms that reach FTS5; long texts (a pasted abstract) keep their first distinct terms. */
export const MAX_QUERY_TERMS = 48;
const MAX_TOKEN_LENGTH = 64;
// A 10 kB paste should cost microseconds, not a regex over megabytes.
const MAX_INPUT_CHARS = 20_000;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

export interface TokenizeOptions {
  readonly maxTerms?: number;
  readonly keepStopwords?: boolean;
}

/** Lower-cased, NFKC-normalized word tokens of `text`, stopwords dropped, de-duplicated, capped. */
export function queryTerms(
  text: string,
  { maxTerms = MAX_QUERY_TERMS, keepStopwords = false }: TokenizeOptions = {},
): string[] {
  const normalized = text.slice(0, MAX_INPUT_CHARS).normalize('NFKC').toLowerCase();
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const match of normalized.matchAll(TOKEN)) {
    const token = match[0].slice(0, MAX_TOKEN_LENGTH);
    if (seen.has(token) || (!keepStopwords && STOPWORDS.has(token))) continue;
    // A lone combining mark is not a word (unicode61 drops it anyway).
    if (!/[\p{L}\p{N}]/u.test(token)) continue;
    seen.add(token);
    terms.push(token);
    if (terms.length >= maxTerms) break;
  }
  return terms;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
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

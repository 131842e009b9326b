import { stem } from './stem.ts';
import { isStopword } from './stopwords.ts';
import { tokenize } from './tokenize.ts';

/** A query word as typed (folded) and the stem FTS5 matches it by. */
export interface QueryWord {
  readonly word: string;
  readonly stem: string;
}

/** The stems of `text`'s tokens in order, stopwords dropped: a text as the papers index holds it. */
export function stemmedTerms(text: string): string[] {
  const stems: string[] = [];
  for (const token of tokenize(text)) if (!isStopword(token)) stems.push(stem(token));
  return stems;
}

/**
 * The words of a query with their stems, stopwords dropped, one per stem ("reasoning" and
 * "reasons" are one), in order. NFKC first, as search normalizes what users type ("ﬁne" → "fine").
 */
export function queryWords(text: string): QueryWord[] {
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const word of tokenize(text.normalize('NFKC'))) {
    if (isStopword(word)) continue;
    const stemmed = stem(word);
    if (seen.has(stemmed)) continue;
    seen.add(stemmed);
    words.push({ word, stem: stemmed });
  }
  return words;
}

import { isStopword } from '../../../library/fts-query.ts';

// The same word pattern and stopwords as the library's FTS query builder, plus a light suffix
// stemmer in the spirit of FTS5's porter tokenizer, so "reasoning", "reasons" and "reasoned" meet.
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TEXT_CHARS = 20_000;

/** Lower-cased, stemmed word tokens of `text` in order (stopwords dropped), for indexing. */
export function stemmedTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.slice(0, MAX_TEXT_CHARS).normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (isStopword(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}

/** Query words of `text` with their stems, de-duplicated by stem, for matching and "why it matched". */
export function queryWords(text: string): Array<{ readonly word: string; readonly stem: string }> {
  const seen = new Set<string>();
  const words: Array<{ word: string; stem: string }> = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (isStopword(word)) continue;
    const stemmed = stem(word);
    if (seen.has(stemmed)) continue;
    seen.add(stemmed);
    words.push({ word, stem: stemmed });
  }
  return words;
}

/**
 * A light English stemmer: plurals, -ing, -ed, -ly and a few derivational endings. Short words and
 * acronyms ("rl", "gpt") pass through unchanged; digits never change.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);

  for (const [suffix, replacement] of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if ((w.endsWith('ing') || w.endsWith('ed')) && hasVowel(w.slice(0, w.endsWith('ing') ? -3 : -2))) {
    const base = w.endsWith('ing') ? w.slice(0, -3) : w.slice(0, -2);
    if (base.length >= 3) {
      // "running" → "run", "planned" → "plan"; but "fall" stays.
      w = /([bdgmnprt])\1$/.test(base) ? base.slice(0, -1) : base;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 4) w = `${w.slice(0, -1)}i`;
  return w;
}

const SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['isation', 'ize'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ation', 'ate'],
  ['ement', ''],
  ['ness', ''],
  ['ment', ''],
  ['ally', 'al'],
  ['ly', ''],
];

function hasVowel(text: string): boolean {
  return /[aeiouy]/.test(text);
}

import { collapseWhitespace } from './collapse-whitespace.ts';

// Words after which a full stop does not end a sentence in academic prose.
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'al',
  'vs',
  'fig',
  'figs',
  'eq',
  'eqs',
  'cf',
  'approx',
  'resp',
  'sec',
  'no',
]);

/** Splits prose into sentences at . ! ? followed by whitespace, skipping common abbreviations. */
export function splitSentences(text: string): string[] {
  const normalized = collapseWhitespace(text);
  if (!normalized) return [];
  const sentences: string[] = [];
  let start = 0;
  for (const match of normalized.matchAll(/[.!?]["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu)) {
    const end = match.index + match[0].length;
    const before = normalized.slice(start, match.index + 1);
    const lastWord = /([\p{L}.]+)\.$/u.exec(before)?.[1]?.toLowerCase();
    if (lastWord && ABBREVIATIONS.has(lastWord)) continue;
    sentences.push(normalized.slice(start, end).trim());
    start = end;
  }
  const rest = normalized.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

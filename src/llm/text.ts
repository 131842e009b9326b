// Plain-text helpers shared by the grounding checks and the extractive fallback.

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
  const normalized = text.replace(/\s+/g, ' ').trim();
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

const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could do does for from had has have how i if in into is it its ' +
    'may might more most no not of on or our over such than that the their them then there these they this those ' +
    'through to under up via was we were what when where which while who why will with within without would you ' +
    'your also both each other only own same so some very just about against between during before after above ' +
    'below again further once here all any few many much new novel propose proposed paper approach show shows ' +
    'using use used based results method methods work study present introduce existing across however well thus ' +
    'whether yet among upon therefore demonstrate demonstrates effective multiple challenge challenges significant ' +
    'significantly various different ability remarkable impressive recent recently enable enables including'
  ).split(' '),
);

/** Lower-cased content words (stopwords and one-letter tokens dropped), with a light plural stem. */
export function contentTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? [];
  return words.filter((w) => w.length > 1 && !STOPWORDS.has(w)).map(stem);
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

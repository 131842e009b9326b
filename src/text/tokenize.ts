/**
 * Words as FTS5's `unicode61 remove_diacritics 2` tokenizer splits and folds them (the papers
 * index uses it under `porter`), so that what the app counts, matches and highlights is what FTS5
 * indexed. Token characters are letters, numbers, private-use characters and the combining
 * diacritics unicode61 folds away; everything else separates. Folding is Unicode case folding (ς
 * and σ meet, dotless ı stays), and a Latin letter loses its diacritics while other scripts keep
 * theirs (é → e, έ stays). No NFKC: FTS5 indexes "ﬁ" as it is.
 *
 * test/unit/text/tokenize.test.ts checks this against FTS5 itself. Characters added to Unicode
 * after SQLite's tables were made (Unicode 7 onward) may split or fold differently.
 */

/** A token and where its characters are in the text it came from (`end` exclusive). */
export interface TokenSpan {
  readonly token: string;
  readonly start: number;
  readonly end: number;
}

const ASCII = /^[\0-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/g;
// The combining marks sqlite3Fts5UnicodeIsdiacritic() counts as token characters (folded to nothing).
const DIACRITICS = '\\u0300-\\u0304\\u0306-\\u030c\\u030f\\u0311\\u031b\\u0323-\\u0328\\u032d\\u032e\\u0330\\u0331';
/** FTS5's token characters, for a regex character class (`u` flag). */
export const TOKEN_CHARACTERS = `\\p{L}\\p{N}\\p{Co}${DIACRITICS}`;
const WORD = new RegExp(`[${TOKEN_CHARACTERS}]+`, 'gu');
const COMBINING = /[\u0300-\u036f]/gu;
const LATIN_WITH_MARKS = /^[a-z][\u0300-\u036f]+$/;
// FTS5's diacritic table has no entry for ǡ (a with dot above and macron), so it stays.
const KEPT_AS_IS: ReadonlySet<string> = new Set(['ǡ']);

/** The folded tokens of `text`, in order. */
export function tokenize(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  const tokens: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const token = fold(match[0]);
    if (token) tokens.push(token);
  }
  return tokens;
}

/** The folded tokens of `text` with their places in it, for highlighting and snippets. */
export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  if (ASCII.test(text)) {
    for (const match of text.toLowerCase().matchAll(ASCII_WORD)) {
      spans.push({ token: match[0], start: match.index, end: match.index + match[0].length });
    }
    return spans;
  }
  for (const match of text.matchAll(WORD)) {
    const token = fold(match[0]);
    if (token) spans.push({ token, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  let folded = '';
  for (const char of word) folded += foldChar(char);
  return folded;
}

function foldChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return char.toLowerCase();
  let lower = char.toLowerCase();
  // Case folding rather than lower-casing: final ς, ſ, µ and the Greek symbol letters (ϐ, ϑ, ϕ …)
  // are lower case already, but fold to σ, s, μ, β …; upper-casing first finds that letter.
  if (lower === char && char !== 'ı') {
    const viaUpper = char.toUpperCase().toLowerCase();
    if (viaUpper.length === char.length) lower = viaUpper;
  }
  if (KEPT_AS_IS.has(lower)) return lower;
  const decomposed = lower.normalize('NFD');
  return LATIN_WITH_MARKS.test(decomposed) ? decomposed.charAt(0) : lower.replace(COMBINING, '');
}

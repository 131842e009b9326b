/**
 * Martin Porter's stemmer exactly as FTS5's `porter` tokenizer runs it (SQLite's fts5_tokenize.c),
 * so that stems counted here meet the stems in the papers index. FTS5 stems a token's UTF-8
 * bytes: tokens under 3 or over 64 bytes pass through, every non-ASCII byte is a consonant ("gαs"
 * → "gα", "straße" → "straß"), and a doubled y counts as a double consonant. The npm `stemmer`
 * package agrees on every SciFact word but not on those; test/unit/text/stem.test.ts checks this
 * one against FTS5's own output.
 */

// FTS5_PORTER_MAX_TOKEN; shorter than 3 bytes is never stemmed either.
const MAX_TOKEN_BYTES = 64;
const MIN_TOKEN_BYTES = 3;
const ASCII = /^[\0-\x7f]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const A = 0x61;
const E = 0x65;
const I = 0x69;
const L = 0x6c;
const O = 0x6f;
const S = 0x73;
const T = 0x74;
const U = 0x75;
const W = 0x77;
const X = 0x78;
const Y = 0x79;
const Z = 0x7a;

/** A token's bytes being stemmed: `n` is the current length. */
interface Word {
  readonly b: Uint8Array;
  n: number;
}

type Condition = (b: Uint8Array, stemLength: number) => boolean;

interface Rule {
  readonly suffix: Uint8Array;
  readonly condition: Condition;
  readonly replacement: Uint8Array;
}

function isVowel(c: number | undefined, yIsVowel: boolean): boolean {
  return c === A || c === E || c === I || c === O || c === U || (yIsVowel && c === Y);
}

/** Porter's m (the number of vowel-consonant sequences) of the first `n` bytes, counted up to 2. */
function measure(b: Uint8Array, n: number): number {
  let m = 0;
  let previousConsonant = false;
  let seenVowel = false;
  for (let i = 0; i < n && m < 2; i++) {
    // y is a vowel after a consonant, a consonant at the start or after a vowel.
    const consonant: boolean = !isVowel(b[i], previousConsonant);
    if (!consonant) seenVowel = true;
    else if (seenVowel && !previousConsonant) m++;
    previousConsonant = consonant;
  }
  return m;
}

const mGt0: Condition = (b, n) => measure(b, n) > 0;
const mGt1: Condition = (b, n) => measure(b, n) > 1;
const mGt1AndSOrT: Condition = (b, n) => (b[n - 1] === S || b[n - 1] === T) && mGt1(b, n);

/** *v*: a vowel in the first `n` bytes; FTS5 counts any y but a leading one. */
function hasVowel(b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (isVowel(b[i], i > 0)) return true;
  return false;
}

/** *o: ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(b: Uint8Array, n: number): boolean {
  const last = b[n - 1];
  if (n < 3 || last === W || last === X || last === Y) return false;
  let mask = 0;
  let consonant = false;
  for (let i = 0; i < n; i++) {
    consonant = !isVowel(b[i], consonant);
    mask = ((mask << 1) | (consonant ? 1 : 0)) & 0b111;
  }
  return mask === 0b101;
}

/** The bytes of an ASCII string. */
function bytes(text: string): Uint8Array {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
  return b;
}

/**
 * A step's rules by the suffix's last-but-one byte, as FTS5 switches on it: within a group the
 * first suffix that ends the word decides, whether or not its condition holds. Suffixes must be
 * shorter than the word.
 */
type Step = ReadonlyArray<readonly Rule[] | undefined>;

function rules(table: ReadonlyArray<readonly [string, string, Condition]>): Step {
  const step: Rule[][] = [];
  for (const [suffix, replacement, condition] of table) {
    const key = suffix.charCodeAt(suffix.length - 2);
    step[key] ??= [];
    step[key].push({ suffix: bytes(suffix), replacement: bytes(replacement), condition });
  }
  return step;
}

const STEP2 = rules([
  ['ational', 'ate', mGt0],
  ['tional', 'tion', mGt0],
  ['enci', 'ence', mGt0],
  ['anci', 'ance', mGt0],
  ['izer', 'ize', mGt0],
  ['logi', 'log', mGt0],
  ['bli', 'ble', mGt0],
  ['alli', 'al', mGt0],
  ['entli', 'ent', mGt0],
  ['eli', 'e', mGt0],
  ['ousli', 'ous', mGt0],
  ['ization', 'ize', mGt0],
  ['ation', 'ate', mGt0],
  ['ator', 'ate', mGt0],
  ['alism', 'al', mGt0],
  ['iveness', 'ive', mGt0],
  ['fulness', 'ful', mGt0],
  ['ousness', 'ous', mGt0],
  ['aliti', 'al', mGt0],
  ['iviti', 'ive', mGt0],
  ['biliti', 'ble', mGt0],
]);
const STEP3 = rules([
  ['ical', 'ic', mGt0],
  ['ness', '', mGt0],
  ['icate', 'ic', mGt0],
  ['iciti', 'ic', mGt0],
  ['ful', '', mGt0],
  ['ative', '', mGt0],
  ['alize', 'al', mGt0],
]);
const STEP4 = rules([
  ['al', '', mGt1],
  ['ance', '', mGt1],
  ['ence', '', mGt1],
  ['er', '', mGt1],
  ['ic', '', mGt1],
  ['able', '', mGt1],
  ['ible', '', mGt1],
  ['ant', '', mGt1],
  ['ement', '', mGt1],
  ['ment', '', mGt1],
  ['ent', '', mGt1],
  ['ion', '', mGt1AndSOrT],
  ['ou', '', mGt1],
  ['ism', '', mGt1],
  ['ate', '', mGt1],
  ['iti', '', mGt1],
  ['ous', '', mGt1],
  ['ive', '', mGt1],
  ['ize', '', mGt1],
]);
const NO_RULES: readonly Rule[] = [];
const EED = bytes('eed');
const ED_ING = [bytes('ed'), bytes('ing')];
const AT_BL_IZ = rules([
  ['at', 'ate', () => true],
  ['bl', 'ble', () => true],
  ['iz', 'ize', () => true],
]);

function endsWith(word: Word, suffix: Uint8Array): boolean {
  const start = word.n - suffix.length;
  if (start <= 0) return false;
  for (let i = 0; i < suffix.length; i++) if (word.b[start + i] !== suffix[i]) return false;
  return true;
}

/** Applies the first rule whose suffix ends the word; true when it was replaced. */
function applyFirst(word: Word, step: Step): boolean {
  for (const rule of step[word.b[word.n - 2] ?? 0] ?? NO_RULES) {
    if (!endsWith(word, rule.suffix)) continue;
    const stemLength = word.n - rule.suffix.length;
    if (!rule.condition(word.b, stemLength)) return false;
    word.b.set(rule.replacement, stemLength);
    word.n = stemLength + rule.replacement.length;
    return true;
  }
  return false;
}

function step1a(word: Word): void {
  const { b, n } = word;
  if (b[n - 1] !== S) return;
  if (b[n - 2] === E) {
    const ssesOrIes = (n > 4 && b[n - 4] === S && b[n - 3] === S) || (n > 3 && b[n - 3] === I);
    word.n -= ssesOrIes ? 2 : 1;
  } else if (b[n - 2] !== S) {
    word.n -= 1;
  }
}

/** -eed, -ed, -ing; true when -ed or -ing went, which step 1b's clean-up needs. */
function step1b(word: Word): boolean {
  if (endsWith(word, EED)) {
    if (mGt0(word.b, word.n - 3)) word.n -= 1;
    return false;
  }
  for (const suffix of ED_ING) {
    if (!endsWith(word, suffix)) continue;
    if (!hasVowel(word.b, word.n - suffix.length)) return false;
    word.n -= suffix.length;
    return true;
  }
  return false;
}

function step1bCleanUp(word: Word): void {
  if (applyFirst(word, AT_BL_IZ)) return;
  const { b, n } = word;
  const last = b[n - 1];
  if (!isVowel(last, false) && last !== L && last !== S && last !== Z && last === b[n - 2]) {
    word.n -= 1;
  } else if (measure(b, n) === 1 && endsCvc(b, n)) {
    b[word.n++] = E;
  }
}

/** The Porter stem of one token as FTS5's tokenizer gives it (lower-cased, diacritics folded). */
export function stem(token: string): string {
  const ascii = ASCII.test(token);
  const source = ascii ? token : encoder.encode(token);
  if (source.length < MIN_TOKEN_BYTES || source.length > MAX_TOKEN_BYTES) return token;
  // Room for the e that step 1b may add.
  const word: Word = { b: new Uint8Array(source.length + 1), n: source.length };
  const { b } = word;
  if (typeof source === 'string') for (let i = 0; i < source.length; i++) b[i] = source.charCodeAt(i);
  else b.set(source);

  step1a(word);
  if (step1b(word)) step1bCleanUp(word);
  if (b[word.n - 1] === Y && hasVowel(b, word.n - 1)) b[word.n - 1] = I;
  applyFirst(word, STEP2);
  applyFirst(word, STEP3);
  applyFirst(word, STEP4);
  if (b[word.n - 1] === E) {
    const m = measure(b, word.n - 1);
    if (m > 1 || (m === 1 && !endsCvc(b, word.n - 1))) word.n -= 1;
  }
  if (word.n > 1 && b[word.n - 1] === L && b[word.n - 2] === L && mGt1(b, word.n - 1)) word.n -= 1;

  if (!ascii) return decoder.decode(b.subarray(0, word.n));
  // Most stems are the token's own first letters; only the changed tail needs building.
  let same = 0;
  while (same < word.n && b[same] === token.charCodeAt(same)) same++;
  return token.slice(0, same) + String.fromCharCode(...b.subarray(same, word.n));
}

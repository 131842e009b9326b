/**
 * Martin Porter's 1980 stemmer, the algorithm FTS5's `porter` tokenizer applies. The re-ranker
 * (feedback-rerank.ts) counts terms in candidate texts itself, and its stems must meet the query's
 * stems; agreeing with FTS5 as well keeps "matched by FTS5" and "counted by the re-ranker" the same
 * set. Written here rather than taken from npm because it must follow FTS5's variant exactly (digits
 * count as consonants, non-ASCII words pass through), which general-purpose stemmers do not.
 */

const STEP2: Readonly<Record<string, string>> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const STEP3: Readonly<Record<string, string>> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};

const c = '[^aeiou]';
const v = '[aeiouy]';
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;
const M_GT_0 = new RegExp(`^(${C})?${V}${C}`);
const M_EQ_1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
const M_GT_1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
const HAS_VOWEL = new RegExp(`^(${C})?${v}`);
const CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);
const STEP1A_SSES_IES = /^(.+?)(ss|i)es$/;
const STEP1A_S = /^(.+?)([^s])s$/;
const STEP1B_EED = /^(.+?)eed$/;
const STEP1B_ED_ING = /^(.+?)(ed|ing)$/;
const STEP1B_AT_BL_IZ = /(at|bl|iz)$/;
const DOUBLE_CONSONANT = /([^aeiouylsz])\1$/;
const STEP1C = /^(.+?)y$/;
const STEP2_SUFFIX =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const STEP3_SUFFIX = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const STEP4_SUFFIX = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const STEP4_ION = /^(.+?)(s|t)(ion)$/;
const STEP5_E = /^(.+?)e$/;
const ASCII_WORD = /^[a-z0-9]+$/;

/** The Porter stem of a lower-case word; words with non-ASCII letters, and short ones, as given (digits count as consonants, as in FTS5). */
export function porterStem(word: string): string {
  if (word.length < 3 || !ASCII_WORD.test(word)) return word;
  // A leading y is a consonant; upper-casing it keeps the vowel patterns from seeing it.
  const leadingY = word.startsWith('y');
  let w = leadingY ? `Y${word.slice(1)}` : word;
  const plural = STEP1A_SSES_IES.exec(w) ?? STEP1A_S.exec(w);
  if (plural) w = `${plural[1]}${plural[2]}`;

  const eed = STEP1B_EED.exec(w);
  const edIng = eed ? null : STEP1B_ED_ING.exec(w);
  if (eed) {
    if (M_GT_0.test(eed[1] ?? '')) w = w.slice(0, -1);
  } else if (edIng) {
    const stem = edIng[1] ?? '';
    if (HAS_VOWEL.test(stem)) {
      w = stem;
      if (STEP1B_AT_BL_IZ.test(w)) w = `${w}e`;
      else if (DOUBLE_CONSONANT.test(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w = `${w}e`;
    }
  }

  const y = STEP1C.exec(w);
  if (y && HAS_VOWEL.test(y[1] ?? '')) w = `${y[1]}i`;

  const step2 = STEP2_SUFFIX.exec(w);
  if (step2 && M_GT_0.test(step2[1] ?? '')) w = `${step2[1]}${STEP2[step2[2] ?? ''] ?? ''}`;
  const step3 = STEP3_SUFFIX.exec(w);
  if (step3 && M_GT_0.test(step3[1] ?? '')) w = `${step3[1]}${STEP3[step3[2] ?? ''] ?? ''}`;

  const step4 = STEP4_SUFFIX.exec(w);
  const ion = step4 ? null : STEP4_ION.exec(w);
  if (step4) {
    if (M_GT_1.test(step4[1] ?? '')) w = step4[1] ?? w;
  } else if (ion) {
    const stem = `${ion[1]}${ion[2]}`;
    if (M_GT_1.test(stem)) w = stem;
  }

  const e = STEP5_E.exec(w);
  if (e) {
    const stem = e[1] ?? '';
    if (M_GT_1.test(stem) || (M_EQ_1.test(stem) && !CVC.test(stem))) w = stem;
  }
  if (w.endsWith('ll') && M_GT_1.test(w)) w = w.slice(0, -1);

  return leadingY ? `y${w.slice(1)}` : w;
}

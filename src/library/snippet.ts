/**
 * "Why it matched": which query terms occur in a text, and a short excerpt around them. FTS5's
 * own snippet() would cost a second index pass per hit; one compiled regex over each abstract is
 * cheaper (a search renders up to 100 hits within its latency budget).
 */

const SUFFIXES = [
  'ational',
  'ations',
  'ation',
  'ments',
  'ment',
  'ness',
  'ings',
  'ing',
  'ies',
  'ied',
  'ed',
  'es',
  's',
  'ly',
];
// Stems shorter than this only match whole words, or "at" would light up "attention".
const MIN_PREFIX_STEM = 4;

/** A rough stem: enough to see that "proteins" and "protein" or "regulated" and "regulation" meet. */
export function roughStem(word: string): string {
  const lower = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (lower.length - suffix.length >= 3 && lower.endsWith(suffix)) return lower.slice(0, -suffix.length);
  }
  return lower;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface TermMatcher {
  /** The query terms (as given) that occur in any of `texts`. */
  matchedTerms(texts: readonly string[]): string[];
  /**
   * About `width` characters of `text` around the densest cluster of query terms, cut at word
   * boundaries, with "…" where text was cut. No term found: the start of the text.
   */
  snippet(text: string, width?: number): string;
}

/** Compiles the query terms once; the matcher is then applied to every hit. */
export function createTermMatcher(terms: readonly string[]): TermMatcher {
  const stemToTerms = new Map<string, string[]>();
  for (const term of terms) {
    const stem = roughStem(term);
    stemToTerms.set(stem, [...(stemToTerms.get(stem) ?? []), term]);
  }
  const stems = [...stemToTerms.keys()].sort((a, b) => b.length - a.length);
  const long = stems.filter((s) => s.length >= MIN_PREFIX_STEM).map(escapeRegExp);
  const short = stems.filter((s) => s.length < MIN_PREFIX_STEM).map(escapeRegExp);
  const alternatives = [
    ...(long.length ? [`(${long.join('|')})`] : []),
    ...(short.length ? [`(${short.join('|')})(?:s|es)?(?![\\p{L}\\p{N}])`] : []),
  ];
  const pattern = alternatives.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'giu')
    : undefined;

  function* hits(text: string): Generator<{ index: number; stem: string }> {
    if (!pattern) return;
    for (const m of text.matchAll(pattern)) {
      const stem = (m[1] ?? m[2] ?? '').toLowerCase();
      yield { index: m.index, stem };
    }
  }

  return {
    matchedTerms(texts) {
      const found = new Set<string>();
      for (const text of texts) for (const hit of hits(text)) found.add(hit.stem);
      return terms.filter((term) => found.has(roughStem(term)));
    },
    snippet(text, width = 200) {
      const clean = text.replace(/\s+/g, ' ').trim();
      if (clean.length <= width) return clean;
      const positions = [...hits(clean)].map((h) => h.index);
      let start = 0;
      if (positions.length > 0) {
        // The window starting at a hit that covers the most hits.
        let best = 0;
        let bestCount = 0;
        let j = 0;
        for (let i = 0; i < positions.length; i++) {
          const from = positions[i] ?? 0;
          while (j < positions.length && (positions[j] ?? 0) < from + width * 0.8) j++;
          if (j - i > bestCount) {
            bestCount = j - i;
            best = i;
          }
        }
        // A little context before the first hit reads better than starting on it.
        start = Math.max(0, (positions[best] ?? 0) - Math.floor(width * 0.15));
      }
      start = Math.min(start, clean.length - width);
      if (start > 0) {
        const space = clean.indexOf(' ', start);
        start = space >= 0 && space < start + 20 ? space + 1 : start;
      }
      let end = Math.min(clean.length, start + width);
      if (end < clean.length) {
        const space = clean.lastIndexOf(' ', end);
        end = space > start + width / 2 ? space : end;
      }
      return `${start > 0 ? '…' : ''}${clean.slice(start, end).trim()}${end < clean.length ? '…' : ''}`;
    },
  };
}

import { collapseWhitespace } from './collapse-whitespace.ts';
import { snippet } from './snippet.ts';
import { stem } from './stem.ts';
import { TOKEN_CHARACTERS, tokenize, tokenSpans } from './tokenize.ts';

/**
 * "Why it matched": which query terms occur in a text, and an excerpt around them. A term occurs
 * where FTS5 would match it: a token of the text has the term's Porter stem, so the terms shown
 * are the ones that made the paper a hit. (FTS5's own snippet() would cost a second index pass
 * per hit.)
 */
export interface TermMatcher {
  /** The query terms (as given) that occur in any of `texts`. */
  matchedTerms(texts: readonly string[]): string[];
  /**
   * About `width` characters of `text` around the densest cluster of query terms, cut at word
   * boundaries, with "…" where text was cut. No term found: the start of the text.
   */
  snippet(text: string, width?: number): string;
}

// Porter rewrites only a word's last letters: a stem less its last two letters begins every word
// that has it (stem.test.ts checks this on every fixture word). So a regex over the text finds
// the few tokens worth stemming, and a page of hits costs about one regex pass each.
const STEM_TAIL = 2;
// Accented Latin letters fold to plain ones (é → e), which a case-insensitive regex does not
// see; such a text is tokenized whole instead.
const ACCENTED_LATIN = /[\u00c0-\u024f\u1e00-\u1eff]|[\u0300-\u036f]/;

/** Stems the query terms once; the matcher is then applied to every hit of one search. */
export function createTermMatcher(terms: readonly string[]): TermMatcher {
  const termStems = terms.map((term) => tokenize(term).map(stem));
  const wanted = new Set(termStems.flat());
  const prefixes = [...wanted]
    .map((s) => escapeRegExp(s.slice(0, Math.max(1, s.length - STEM_TAIL))))
    .sort((a, b) => b.length - a.length);
  const candidates = prefixes.length
    ? new RegExp(`(?<![${TOKEN_CHARACTERS}])(?:${prefixes.join('|')})[${TOKEN_CHARACTERS}]*`, 'giu')
    : undefined;
  // The same words come back hit after hit; each is stemmed once per search.
  const stems = new Map<string, string>();
  const stemOf = (token: string): string => {
    let stemmed = stems.get(token);
    if (stemmed === undefined) {
      stemmed = stem(token);
      stems.set(token, stemmed);
    }
    return stemmed;
  };

  /** Where the tokens of `text` that have a query term's stem start, with those stems. */
  function hits(text: string): Array<{ readonly start: number; readonly stem: string }> {
    if (!candidates) return [];
    const found: Array<{ start: number; stem: string }> = [];
    if (ACCENTED_LATIN.test(text)) {
      for (const span of tokenSpans(text)) {
        const stemmed = stemOf(span.token);
        if (wanted.has(stemmed)) found.push({ start: span.start, stem: stemmed });
      }
      return found;
    }
    for (const match of text.matchAll(candidates)) {
      const stemmed = stemOf(tokenize(match[0])[0] ?? '');
      if (wanted.has(stemmed)) found.push({ start: match.index, stem: stemmed });
    }
    return found;
  }

  return {
    matchedTerms(texts) {
      const found = new Set<string>();
      for (const text of texts) for (const hit of hits(text)) found.add(hit.stem);
      return terms.filter((_, i) => termStems[i]?.some((s) => found.has(s)));
    },
    snippet(text, width = 200) {
      const clean = collapseWhitespace(text);
      if (clean.length <= width) return clean;
      return snippet(
        clean,
        hits(clean).map((hit) => hit.start),
        width,
      );
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { Paper } from '../../src/papers/paper.ts';
import type { BeirDoc } from './beir.ts';

/**
 * Synthetic papers whose words follow the unigram distribution of a real corpus, so FTS5 sees
 * realistic posting-list lengths (a few very common words, a long tail).
 */
export interface SyntheticCorpus {
  paper(index: number): Paper;
}

export function createSyntheticCorpus(source: readonly BeirDoc[], random: () => number): SyntheticCorpus {
  const counts = new Map<string, number>();
  for (const doc of source) {
    for (const word of `${doc.title} ${doc.text}`.toLowerCase().match(/[a-z][a-z0-9-]+/g) ?? []) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const words = [...counts.keys()];
  const cumulative = new Float64Array(words.length);
  let total = 0;
  words.forEach((word, i) => {
    total += counts.get(word) ?? 0;
    cumulative[i] = total;
  });
  const word = (): string => {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] ?? 'the';
  };
  const sentence = (length: number): string => Array.from({ length }, word).join(' ');
  const start = Date.UTC(2015, 0, 1);
  const span = Date.UTC(2025, 0, 1) - start;

  return {
    paper(index) {
      const published = new Date(start + Math.floor(random() * span));
      const yymm = `${String(published.getUTCFullYear() % 100).padStart(2, '0')}${String(published.getUTCMonth() + 1).padStart(2, '0')}`;
      const title = sentence(6 + Math.floor(random() * 8));
      const abstract = Array.from(
        { length: 6 + Math.floor(random() * 6) },
        () => `${sentence(12 + Math.floor(random() * 14))}.`,
      ).join(' ');
      return {
        id: `arxiv:${yymm}.${String(index).padStart(7, '0')}`,
        title: title.charAt(0).toUpperCase() + title.slice(1),
        abstract,
        authors: ['A. Author'],
        published: published.toISOString(),
        categories: [random() < 0.5 ? 'cs.CL' : 'q-bio.BM'],
        links: {},
        keywords: [],
        sources: ['arxiv'],
      };
    },
  };
}

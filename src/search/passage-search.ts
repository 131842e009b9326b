import { queryWords, stemmedTerms } from '../text/index.ts';

/** A piece of one paper's text that an answer can cite: where it is (section) and what it says. */
export interface Passage {
  /** The section's heading as the paper shows it ("3.1 Draft model"), or "Abstract". */
  readonly section: string;
  readonly text: string;
}

// BM25 (Robertson/Spärck Jones) with the usual constants, as the digest ranking uses.
const K1 = 1.2;
const B = 0.75;

/**
 * The `limit` passages that best match `question` by BM25 over the shared text toolkit's stems
 * (the same tokenizer and stemmer as the papers index), best first; ties keep the paper's order.
 * Passages that share no term with the question are left out.
 */
export function searchPassages(question: string, passages: readonly Passage[], limit: number): Passage[] {
  const wanted = queryWords(question).map((word) => word.stem);
  if (wanted.length === 0 || limit <= 0) return [];
  const documents = passages.map((passage) => {
    const counts = new Map<string, number>();
    for (const term of stemmedTerms(`${passage.section} ${passage.text}`))
      counts.set(term, (counts.get(term) ?? 0) + 1);
    return { passage, counts, length: [...counts.values()].reduce((sum, n) => sum + n, 0) };
  });
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, documents.length);
  const frequency = new Map(wanted.map((term) => [term, documents.filter((d) => d.counts.has(term)).length] as const));
  return documents
    .map((document, order) => {
      let score = 0;
      for (const term of wanted) {
        const tf = document.counts.get(term) ?? 0;
        if (tf === 0) continue;
        const df = frequency.get(term) ?? 0;
        const idf = Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * document.length) / (averageLength || 1)));
      }
      return { passage: document.passage, score, order };
    })
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((scored) => scored.passage);
}

import { queryWords, stemmedTerms } from '../text/index.ts';

/** A piece of one paper's text that an answer can cite: where it is (section) and what it says. */
export interface Passage {
  /** The section's heading as the paper shows it ("3.1 Draft model"), or "Abstract". */
  readonly section: string;
  readonly text: string;
  /** The stems of section and text, space-separated, when computed ahead (stemming is the slow part). */
  readonly stems?: string;
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
  const documents = passages.map((passage) => ({ passage, ...termCounts(passage, wanted) }));
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, documents.length);
  const frequency = wanted.map((_, t) => documents.filter((d) => (d.counts[t] ?? 0) > 0).length);
  return documents
    .map((document, order) => {
      let score = 0;
      wanted.forEach((_, t) => {
        const tf = document.counts[t] ?? 0;
        if (tf === 0) return;
        const df = frequency[t] ?? 0;
        const idf = Math.log(1 + (documents.length - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * document.length) / (averageLength || 1)));
      });
      return { passage: document.passage, score, order };
    })
    .filter((scored) => scored.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map((scored) => scored.passage);
}

/**
 * How often each wanted stem occurs in the passage, and how many stems it has. With `stems`
 * computed ahead this only scans the string (no allocation per term): a long paper has hundreds of
 * passages, and this runs on every question.
 */
function termCounts(passage: Passage, wanted: readonly string[]): { counts: number[]; length: number } {
  if (passage.stems === undefined) {
    const terms = stemmedTerms(`${passage.section} ${passage.text}`);
    return { counts: wanted.map((stem) => terms.filter((term) => term === stem).length), length: terms.length };
  }
  const padded = ` ${passage.stems} `;
  const counts = wanted.map((stem) => {
    const needle = ` ${stem} `;
    let n = 0;
    for (let at = padded.indexOf(needle); at >= 0; at = padded.indexOf(needle, at + needle.length - 1)) n++;
    return n;
  });
  let length = passage.stems ? 1 : 0;
  for (let i = 0; i < passage.stems.length; i++) if (passage.stems.charCodeAt(i) === 32) length++;
  return { counts, length };
}

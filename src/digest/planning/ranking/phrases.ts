import { bigramKey, type CandidateIndex } from './candidate-index.ts';

// A topic whose words appear next to each other, in order ("speculative decoding"), counts this
// much more than the same words scattered through the abstract.
const PHRASE_BONUS = 0.5;

/** BM25 relevance raised by the bonus of each topic phrase found in the paper. */
export function withPhraseBonus(relevance: number, phrasesFound: number): number {
  return relevance * (1 + PHRASE_BONUS * phrasesFound);
}

/** Documents containing the stems as a phrase; undefined when some stem occurs nowhere. */
export function phraseDocs(index: CandidateIndex, stems: readonly string[]): readonly number[] | undefined {
  const ids = stems.map((stem) => index.termIds.get(stem));
  if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
  const [first] = ids as number[];
  if (ids.length === 1) return index.postings[first ?? 0]?.docs;
  // Every adjacent pair must be adjacent in the paper too (exact for two words, which most are).
  const lists: Array<readonly number[]> = [];
  for (let i = 1; i < ids.length; i++) {
    const list = index.bigrams.get(bigramKey(ids[i - 1] ?? 0, ids[i] ?? 0));
    if (!list) return undefined;
    lists.push(list);
  }
  lists.sort((a, b) => a.length - b.length);
  const [smallest, ...rest] = lists;
  const others = rest.map((list) => new Set(list));
  return (smallest ?? []).filter((doc) => others.every((set) => set.has(doc)));
}

/** Reciprocal rank fusion (Cormack et al. 2009): k = 60 damps the head so no one list dominates. */
export const RRF_K = 60;

export interface RankedList {
  /** Ids, best first. */
  readonly ids: readonly string[];
  readonly weight?: number;
}

/** Fused score per id, best first. Ties keep the order of first appearance. */
export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1 } of lists) {
    ids.forEach((id, rank) => {
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

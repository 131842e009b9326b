import { describe, expect, it } from 'vitest';
import { featuresOf } from '../../../../src/digest/learning/features.ts';
import { learnedScorer } from '../../../../src/digest/learning/learned-scoring.ts';
import { train } from '../../../../src/digest/learning/train.ts';
import { indexCandidates } from '../../../../src/digest/planning/ranking/candidate-index.ts';
import { rankCandidates } from '../../../../src/digest/planning/ranking/rank.ts';
import { makePaper } from '../../../support/builders.ts';

const LIKED = makePaper({ id: 'arxiv:2503.00001', title: 'Neural codecs for speech', abstract: 'Audio tokens.' });
// Two candidates the lexical model cannot tell apart: neither shares a word with the liked paper.
const A = makePaper({ id: 'arxiv:2504.00001', title: 'Vocoders at scale', abstract: 'Waveform synthesis.' });
const B = makePaper({ id: 'arxiv:2504.00002', title: 'Crop yields in drought', abstract: 'Maize and rain.' });
const FILLER = Array.from({ length: 8 }, (_, i) =>
  makePaper({ id: `arxiv:2504.0010${i}`, title: `Filler ${i}`, abstract: 'Unrelated matters.' }),
);

function scorer(voteSimilarity?: ReadonlyMap<string, number>) {
  const model = train([{ paperId: LIKED.id, title: LIKED.title, features: featuresOf(LIKED), vote: 1, at: 0 }], [], 0);
  const profile = { model, liked: [{ paperId: LIKED.id, title: LIKED.title, features: featuresOf(LIKED), at: 0 }] };
  return learnedScorer(profile, voteSimilarity);
}

describe('the learned scorer with embedding similarity to the votes', () => {
  const index = indexCandidates([B, A, ...FILLER]);
  const docA = index.docOf.get(A.id) ?? -1;
  const docB = index.docOf.get(B.id) ?? -1;

  it('leaves the likelihoods as the lexical model has them without embeddings', () => {
    const lexical = scorer()?.likelihoods(index);
    expect(lexical?.[docA]).toBeCloseTo(lexical?.[docB] ?? Number.NaN, 12);
  });

  it('raises the candidate closer in meaning to the liked paper, and lowers the one further', () => {
    // Similarities as an embeddings model gives them: A near the liked paper, B far, the rest between.
    const similarity = new Map([[A.id, 0.4], [B.id, -0.1], ...FILLER.map((p) => [p.id, 0.05] as const)]);
    const lexical = scorer()?.likelihoods(index);
    const dense = scorer(similarity)?.likelihoods(index);
    expect(dense?.[docA]).toBeGreaterThan(lexical?.[docA] ?? 1);
    expect(dense?.[docB]).toBeLessThan(lexical?.[docB] ?? 0);
    const ranked = rankCandidates(index, {
      topics: ['speech'],
      exclude: [],
      minUpvotes: 0,
      learned: scorer(similarity),
    }).entries.map((e) => e.paper.id);
    expect(ranked.indexOf(A.id)).toBeGreaterThanOrEqual(0);
    expect(ranked.indexOf(A.id)).toBeLessThan(ranked.includes(B.id) ? ranked.indexOf(B.id) : ranked.length);
  });

  it('means the same with any embeddings model: shifting or scaling the similarities changes nothing', () => {
    const similarity = new Map([[A.id, 0.4], [B.id, -0.1], ...FILLER.map((p) => [p.id, 0.05] as const)]);
    const shifted = new Map([...similarity].map(([id, s]) => [id, 0.7 + s * 0.2] as const));
    const one = scorer(similarity)?.likelihoods(index);
    const other = scorer(shifted)?.likelihoods(index);
    for (let doc = 0; doc < index.papers.length; doc++) expect(other?.[doc]).toBeCloseTo(one?.[doc] ?? 0, 9);
  });

  it('stays a second opinion: one similarity far off the rest moves the log-odds at most 1.5', () => {
    const similarity = new Map([[A.id, 100], [B.id, 0], ...FILLER.map((p) => [p.id, 0] as const)]);
    const lexical = scorer()?.likelihoods(index) ?? new Float64Array();
    const dense = scorer(similarity)?.likelihoods(index) ?? new Float64Array();
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(dense[docA] ?? 0) - logit(lexical[docA] ?? 0)).toBeLessThanOrEqual(1.5 + 1e-9);
  });
});

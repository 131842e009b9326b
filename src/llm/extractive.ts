import type { Paper } from '../papers/paper.ts';
import type { AnswerOutput } from './ask.ts';
import { type ComparisonOutput, NOT_STATED } from './compare.ts';
import type { SummaryOutput } from './summarize.ts';
import { contentTerms, splitSentences } from './text.ts';
import { COMPARE_ASPECTS, type CompareAspect, type SummaryStyle } from './types.ts';

// The extractive fallback: no model, only sentences copied from the abstracts. It produces the same
// shapes the model would, so the chains' grounding (trimming, mention defanging) applies unchanged.

const DAMPING = 0.85;
const ITERATIONS = 50;
const TOLERANCE = 1e-6;

export interface RankedSentence {
  readonly text: string;
  /** Position in the text, for putting picked sentences back in reading order. */
  readonly index: number;
  readonly score: number;
}

/**
 * TextRank (Mihalcea & Tarau, 2004): sentences are nodes, edges weigh shared content words
 * normalised by log lengths, and PageRank iterations score how central each sentence is.
 * Returns every sentence with its score, best first.
 */
export function rankSentences(text: string): RankedSentence[] {
  const sentences = splitSentences(text);
  const terms = sentences.map((s) => new Set(contentTerms(s)));
  const n = sentences.length;
  const weights = terms.map((a, i) =>
    terms.map((b, j) => {
      if (i === j || a.size < 2 || b.size < 2) return 0;
      let shared = 0;
      for (const term of a) if (b.has(term)) shared++;
      return shared / (Math.log(a.size) + Math.log(b.size));
    }),
  );
  const outWeight = weights.map((row) => row.reduce((sum, w) => sum + w, 0));
  let scores = new Array<number>(n).fill(1 / Math.max(n, 1));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const next = scores.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < n; j++) {
        const w = weights[j]?.[i] ?? 0;
        const out = outWeight[j] ?? 0;
        if (w > 0 && out > 0) incoming += (w / out) * (scores[j] ?? 0);
      }
      return (1 - DAMPING) / n + DAMPING * incoming;
    });
    const delta = next.reduce((sum, s, i) => sum + Math.abs(s - (scores[i] ?? 0)), 0);
    scores = next;
    if (delta < TOLERANCE) break;
  }
  return sentences
    .map((sentence, index) => ({ text: sentence, index, score: scores[index] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

/** The `count` most central sentences, in reading order. */
export function keySentences(text: string, count: number): string[] {
  return rankSentences(text)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text);
}

const KEY_POINTS: Record<SummaryStyle, number> = { tldr: 2, detailed: 5, eli5: 3, bullets: 5 };

// Cue phrases that mark the sentence of an abstract that states each aspect.
const CUES: Record<CompareAspect, RegExp> = {
  problem: /\b(problem|challenge|difficult|struggle|fail|limited|remain|question|lack|bottleneck|costly)/i,
  method:
    /\b(we (propose|introduce|present|develop|design|model|leverage|use)|our (method|approach|framework|model)|based on|framework|architecture|algorithm)/i,
  data: /\b(dataset|benchmark|corpus|corpora|data|samples|images|videos|tasks|domains)\b/i,
  results:
    /\b(outperform|improve|achiev|surpass|demonstrat|show|results?|accuracy|state[- ]of[- ]the[- ]art|gain|speed-?up|\d+(\.\d+)?\s?(%|x|points))/i,
  limitations:
    /\b(limitations?|drawbacks?|future work|remains? (an )?open|at the cost of|trade-?off|does not|cannot)\b/i,
  novelty: /\b(novel|first|new|unlike|in contrast|introduce|propose|unique|without)\b/i,
};

// Aspects claim sentences in this order, each sentence at most once, so one sentence does not
// answer every aspect; the problem comes first since it is stated before the method.
const ASSIGN_ORDER: readonly CompareAspect[] = ['problem', 'method', 'results', 'data', 'limitations', 'novelty'];
const CONTRIBUTION =
  /\b(we (propose|introduce|present|develop)|in this (work|paper)|this (paper|work) (proposes|introduces|presents))\b/i;

/**
 * Picks, per aspect, the most central sentence that carries the aspect's cue and no other aspect
 * claimed. The problem is taken from before the contribution sentence ("we propose …").
 */
export function aspectSentences(ranked: readonly RankedSentence[]): Partial<Record<CompareAspect, string>> {
  const used = new Set<number>();
  const picked: Partial<Record<CompareAspect, string>> = {};
  const byPosition = [...ranked].sort((a, b) => a.index - b.index);
  const contribution = byPosition.find((s) => CONTRIBUTION.test(s.text))?.index ?? -1;
  for (const aspect of ASSIGN_ORDER) {
    const candidates =
      aspect === 'problem'
        ? ranked.filter((s) => s.index < contribution || (contribution <= 0 && s.index === 0))
        : ranked.filter((s) => CUES[aspect].test(s.text));
    const choice =
      aspect === 'method'
        ? (byPosition.find((s) => s.index === contribution && !used.has(s.index)) ??
          candidates.find((s) => !used.has(s.index)))
        : candidates.find((s) => !used.has(s.index));
    if (choice) {
      used.add(choice.index);
      picked[aspect] = choice.text;
    }
  }
  return picked;
}

export function extractiveSummary(paper: Paper, style: SummaryStyle): SummaryOutput {
  const ranked = rankSentences(paper.abstract);
  const tldr = ranked[0]?.text ?? paper.title;
  const keyPoints = ranked
    .slice(1, 1 + KEY_POINTS[style])
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text);
  const aspects = aspectSentences(ranked);
  return {
    tldr,
    keyPoints,
    method: aspects.method ?? NOT_STATED,
    results: aspects.results ?? NOT_STATED,
    limitations: aspects.limitations ?? NOT_STATED,
  };
}

export function extractiveTldr(paper: Paper): string {
  return rankSentences(paper.abstract)[0]?.text ?? paper.title;
}

export interface KeyTerms {
  /** Terms in the abstracts of at least two of the papers, most widespread first. */
  readonly shared: string[];
  /** Per paper, its most frequent terms that no other paper uses. */
  readonly distinct: string[][];
}

export function keyTerms(papers: readonly Pick<Paper, 'title' | 'abstract'>[], perPaper = 5): KeyTerms {
  const counts = papers.map((p) => {
    const map = new Map<string, number>();
    for (const term of contentTerms(`${p.title} ${p.abstract}`)) {
      if (/^\d/.test(term)) continue;
      map.set(term, (map.get(term) ?? 0) + 1);
    }
    return map;
  });
  const spread = new Map<string, { papers: number; total: number }>();
  for (const map of counts) {
    for (const [term, count] of map) {
      const entry = spread.get(term) ?? { papers: 0, total: 0 };
      spread.set(term, { papers: entry.papers + 1, total: entry.total + count });
    }
  }
  const shared = [...spread]
    .filter(([, s]) => s.papers >= 2)
    .sort((a, b) => b[1].papers - a[1].papers || b[1].total - a[1].total || a[0].localeCompare(b[0]))
    .slice(0, 10)
    .map(([term]) => term);
  const distinct = counts.map((map) =>
    [...map]
      .filter(([term]) => spread.get(term)?.papers === 1)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, perPaper)
      .map(([term]) => term),
  );
  return { shared, distinct };
}

export function extractiveComparison(papers: readonly Paper[]): ComparisonOutput & { sharedTerms: string[] } {
  const aspects = papers.map((p) => aspectSentences(rankSentences(p.abstract)));
  const rows = COMPARE_ASPECTS.map((aspect) => ({
    aspect,
    cells: aspects.map((picked, i) => ({ paper: i + 1, text: picked[aspect] ?? NOT_STATED })),
  }));
  const terms = keyTerms(papers);
  const distinct = terms.distinct
    .map((list, i) => (list.length > 0 ? `[${i + 1}] ${list.join(', ')}` : ''))
    .filter(Boolean)
    .join('; ');
  const verdict = [
    terms.shared.length > 0 ? `Shared key terms: ${terms.shared.join(', ')}.` : 'The abstracts share no key terms.',
    distinct ? `Distinct: ${distinct}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { rows, verdict, sharedTerms: terms.shared };
}

const MAX_PASSAGES = 3;

/**
 * The sentences (titles included) that share the most question terms, weighted by how rare each
 * term is across the papers, each cited as [n]. Not answered when no sentence shares enough.
 */
export function extractiveAnswer(question: string, papers: readonly Paper[]): AnswerOutput {
  const questionTerms = new Set(contentTerms(question));
  const passages = papers.flatMap((paper, i) =>
    [paper.title, ...splitSentences(paper.abstract)].map((text) => ({
      n: i + 1,
      text,
      terms: new Set(contentTerms(text)),
    })),
  );
  const documentFrequency = new Map<string, number>();
  for (const passage of passages) {
    for (const term of passage.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const needed = Math.min(2, questionTerms.size);
  const scored = passages
    .map((passage, order) => {
      let matched = 0;
      let score = 0;
      for (const term of questionTerms) {
        if (!passage.terms.has(term)) continue;
        matched++;
        score += Math.log(1 + passages.length / (documentFrequency.get(term) ?? 1));
      }
      return { ...passage, matched, score, order };
    })
    .filter((p) => needed > 0 && p.matched >= needed)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_PASSAGES);
  if (scored.length === 0) return { answered: false, text: '' };
  const text = scored.map((p) => `${p.text.replace(/[.!?]?$/, '')} [${p.n}].`).join(' ');
  return { answered: true, text };
}

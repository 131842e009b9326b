import type { Paper } from '../papers/paper.ts';
import { splitSentences } from '../text/index.ts';
import type { AnswerOutput } from './ask.ts';
import { classifySentences, contributionIndex } from './aspect-cues.ts';
import { type ComparisonOutput, NOT_STATED } from './compare.ts';
import { contentTerms } from './content-terms.ts';
import type { SummaryOutput } from './summarize.ts';
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
  return rankSentenceList(splitSentences(text));
}

/** `rankSentences` for text already split into sentences (`index` is the position in `sentences`). */
export function rankSentenceList(sentences: readonly string[]): RankedSentence[] {
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

/**
 * Per aspect, the most central sentence that states it (src/llm/aspect-cues.ts), each sentence
 * for one aspect at most; an aspect no sentence states is absent, so its cell says NOT_STATED
 * rather than borrow a sentence about something else. `skip` leaves sentences out (by index).
 */
export function aspectSentences(
  ranked: readonly RankedSentence[],
  skip: ReadonlySet<number> = new Set(),
): Partial<Record<CompareAspect, string>> {
  const inOrder = [...ranked].sort((a, b) => a.index - b.index);
  const aspects = classifySentences(inOrder.map((s) => s.text));
  const picked: Partial<Record<CompareAspect, string>> = {};
  for (const sentence of ranked) {
    const aspect = aspects[inOrder.indexOf(sentence)];
    if (aspect && picked[aspect] === undefined && !skip.has(sentence.index)) picked[aspect] = sentence.text;
  }
  return picked;
}

// Bullets: 3–5, as the /summarize style promises; fewer only when the abstract has fewer sentences.
const MIN_BULLETS = 3;
const MAX_BULLETS = 5;
// ELI5 reads the simplest of the sentences that matter: picked among the more central ones.
const ELI5_CANDIDATE_SHARE = 0.6;
const ELI5_POINTS = 2;
// Connectives that open a sentence but say nothing once it stands alone as a point.
const OPENER =
  /^(?:however|moreover|furthermore|additionally|specifically|in particular|consequently|finally|first|second|third|thus|therefore|in addition|to this end|in this (?:work|paper)|here)\s*,?\s+/i;

/**
 * The fallback's summary in the style's own shape: `tldr` one sentence and nothing else; `bullets`
 * a sentence and 3–5 points; `detailed` a sentence, the problem, data and novelty as labelled
 * points, and method, results and limitations as sections; `eli5` the plainest sentences (shortest
 * words, asides in parentheses dropped). Every sentence is copied from the abstract.
 */
export function extractiveSummary(paper: Paper, style: SummaryStyle): SummaryOutput {
  const ranked = rankSentences(paper.abstract);
  const empty = { keyPoints: [], method: '', results: '', limitations: '' };
  const [central] = ranked;
  if (!central) return { tldr: paper.title, ...empty };
  const top = contributionSentence(ranked) ?? central;
  // An abstract's rhetorical question ("Can LMs learn …?") is no answer as a point of its own.
  const statements = [top, ...ranked.filter((s) => s !== top && !s.text.endsWith('?'))];
  switch (style) {
    case 'tldr':
      return { tldr: top.text, ...empty };
    case 'bullets': {
      const count = Math.min(MAX_BULLETS, Math.max(MIN_BULLETS, Math.round(ranked.length / 2)));
      const points = inReadingOrder(statements.slice(1, 1 + count)).map((s) => asPoint(s.text));
      return { tldr: top.text, ...empty, keyPoints: points };
    }
    case 'detailed': {
      // The TL;DR sentence is not repeated under a heading: each section gets another sentence.
      const aspects = aspectSentences(ranked, new Set([top.index]));
      const labelled = (['problem', 'data', 'novelty'] as const).flatMap((aspect) => {
        const text = aspects[aspect];
        return text ? [`${aspect.charAt(0).toUpperCase()}${aspect.slice(1)}: ${asPoint(text)}`] : [];
      });
      return {
        tldr: top.text,
        keyPoints: labelled,
        method: aspects.method ?? NOT_STATED,
        results: aspects.results ?? NOT_STATED,
        limitations: aspects.limitations ?? NOT_STATED,
      };
    }
    case 'eli5': {
      const candidates = statements.slice(0, Math.max(1, Math.ceil(statements.length * ELI5_CANDIDATE_SHARE)));
      const plainest = [...candidates].sort((a, b) => difficulty(a.text) - difficulty(b.text) || a.index - b.index);
      const [first, ...rest] = plainest;
      return {
        tldr: plain(first?.text ?? top.text),
        ...empty,
        keyPoints: inReadingOrder(rest.slice(0, ELI5_POINTS)).map((s) => plain(s.text)),
      };
    }
    default:
      return style satisfies never;
  }
}

/**
 * The sentence that says what the paper does ("we propose …"): what a TL;DR should say, where
 * TextRank's most central sentence is often the background.
 */
function contributionSentence(ranked: readonly RankedSentence[]): RankedSentence | undefined {
  const inOrder = inReadingOrder(ranked);
  return inOrder[contributionIndex(inOrder.map((s) => s.text))];
}

/**
 * The summary's language: the one asked for when the text is in it; the fallback copies English
 * abstracts and has no model to translate, so it says that instead of a language it did not write.
 */
export function extractiveLanguage(requested: string): string {
  return /^en(?:-|$)/i.test(requested) ? requested : 'English — no language model to translate';
}

function inReadingOrder(sentences: readonly RankedSentence[]): RankedSentence[] {
  return [...sentences].sort((a, b) => a.index - b.index);
}

/** A sentence as a point of its own: without the connective that tied it to the one before. */
function asPoint(sentence: string): string {
  const point = sentence.replace(OPENER, '');
  return point.charAt(0).toUpperCase() + point.slice(1);
}

/** A sentence in plainer form: its asides in parentheses and LaTeX escapes dropped. */
function plain(sentence: string): string {
  return asPoint(sentence.replace(/\s*\([^()]*\)/g, '').replace(/\\(?=%)/g, ''));
}

/**
 * How hard a sentence reads, lower is plainer: mean word length plus the share of long words, with
 * a cost per word beyond 25 (a cheap stand-in for readability formulas, which need syllables).
 */
function difficulty(sentence: string): number {
  const words = plain(sentence).match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  if (words.length === 0) return Number.POSITIVE_INFINITY;
  const letters = words.reduce((sum, word) => sum + word.length, 0);
  const long = words.filter((word) => word.length >= 9).length;
  return letters / words.length + (4 * long) / words.length + Math.max(0, words.length - 25) * 0.1;
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
export function extractiveAnswer(question: string, papers: readonly Pick<Paper, 'title' | 'abstract'>[]): AnswerOutput {
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

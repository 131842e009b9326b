import type { Llm } from '../../llm/types.ts';
import type { Logger } from '../../log.ts';
import { type Paper, paperUrl } from '../../papers/paper.ts';
import { clip, splitSentences } from '../../text/index.ts';
import { type LearnedProfile, mostSimilarLiked } from '../learning/learned-scoring.ts';
import { shortDateLabel } from '../scheduling/local-time.ts';
import type { DigestMessage, DigestPlan, PlannedPaper, SubscriptionSettings } from '../types.ts';
import type { RankedPaper } from './ranking/rank.ts';

const TLDR_MAX = 300;

export interface PlanDeps {
  /** One-sentence TL;DRs (cached by the LLM service; extractive without a key). */
  readonly llm?: Pick<Llm, 'tldr'>;
  readonly log: Logger;
  /** What the subscription learned from its votes: names the liked paper each entry is most like. */
  readonly profile?: LearnedProfile;
}

/**
 * Fixes a digest's content: the best `maxPapers` of `ranked` (already without papers posted
 * before), each with its TL;DR. An LLM failure falls back to the abstract's first sentence, so a
 * digest never waits on the model.
 */
export async function planDigest(
  deps: PlanDeps,
  ranked: readonly RankedPaper[],
  maxPapers: number,
  notices: readonly string[],
): Promise<DigestPlan> {
  const chosen = ranked.slice(0, maxPapers);
  const papers: PlannedPaper[] = [];
  for (const entry of chosen) {
    const liked = deps.profile ? mostSimilarLiked(deps.profile, entry.paper) : undefined;
    papers.push({
      id: entry.paper.id,
      title: entry.paper.title,
      ...optional('url', paperUrl(entry.paper)),
      ...optional('upvotes', entry.paper.upvotes),
      matchedTerms: whyMatched(entry),
      ...(liked ? { likedPaper: { id: liked.paperId, title: liked.title } } : {}),
      tldr: clip(await tldrOf(deps, entry.paper), TLDR_MAX),
    });
  }
  return { papers, matched: ranked.length, notices: [...notices] };
}

// Said instead of words for a paper that embeddings matched without any topic word.
export const SIMILAR_MEANING = 'similar in meaning (no topic word)';

/** "Why it matched" (issue 6, item 4): the topic words found, or that the match is by meaning. */
function whyMatched(entry: RankedPaper): string[] {
  if (entry.matchedTerms.length > 0) return [...entry.matchedTerms];
  return entry.similarity === undefined ? [] : [SIMILAR_MEANING];
}

async function tldrOf(deps: PlanDeps, paper: Paper): Promise<string> {
  if (deps.llm) {
    try {
      const text = (await deps.llm.tldr(paper)).trim();
      if (text) return text;
    } catch (error) {
      deps.log.warn({ err: error, paperId: paper.id }, 'digest tldr failed; using the first sentence');
    }
  }
  return firstSentence(paper);
}

/** The abstract's first sentence (or the AI summary's), the extractive TL;DR. */
export function firstSentence(paper: Pick<Paper, 'abstract' | 'aiSummary' | 'title'>): string {
  return splitSentences(paper.aiSummary || paper.abstract || paper.title)[0] ?? '';
}

/**
 * The messages of a digest, numbered by `seq`. Deterministic in the plan, so that after a restart
 * the same seq means the same message and posting resumes where it stopped.
 * An empty plan is one notice line, or nothing when `whenEmpty` is 'silent' (a source outage is
 * always said).
 */
export function digestMessages(
  settings: Pick<SubscriptionSettings, 'topics' | 'style'>,
  localDate: string,
  plan: DigestPlan,
  whenEmpty: 'notice' | 'silent',
): DigestMessage[] {
  const topics = settings.topics.join(', ');
  const day = shortDateLabel(localDate);
  if (plan.papers.length === 0) {
    if (plan.notices.length > 0)
      return [{ kind: 'notice', seq: 0, text: `No digest for ${day}: ${plan.notices.join(' ')}` }];
    if (whenEmpty === 'silent') return [];
    return [{ kind: 'notice', seq: 0, text: `No new papers matching '${topics}' for ${day}.` }];
  }
  const shown = plan.papers.length;
  const count = plan.matched > shown ? `top ${shown} of ${plan.matched}` : `${shown}`;
  const header: DigestMessage = {
    kind: 'header',
    seq: 0,
    text: `Papers for ${day} — ${count} matching '${topics}'`,
    notices: plan.notices,
  };
  switch (settings.style) {
    case 'compact':
      return [header, { kind: 'list', seq: 1, papers: plan.papers, startRank: 1 }];
    case 'cards':
      // Discord: at most 10 embeds per message; max_papers ≤ 10 keeps this one message, but chunk anyway.
      return [
        header,
        ...chunk(plan.papers, 10).map(
          (papers, i): DigestMessage => ({ kind: 'cards', seq: i + 1, papers, startRank: i * 10 + 1 }),
        ),
      ];
    case 'threads':
      return [
        header,
        ...plan.papers.map((paper, i): DigestMessage => ({ kind: 'thread', seq: i + 1, paper, rank: i + 1 })),
      ];
    default:
      return settings.style satisfies never;
  }
}

/** The paper ids a message shows (recorded in the ledger as posted in the channel). */
export function paperIdsOf(message: DigestMessage): string[] {
  switch (message.kind) {
    case 'list':
    case 'cards':
      return message.papers.map((p) => p.id);
    case 'thread':
      return [message.paper.id];
    case 'header':
    case 'notice':
      return [];
    default:
      return message satisfies never;
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

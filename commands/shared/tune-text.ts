import type { FeedbackCounts } from '../../src/digest/feedback/feedback-store.ts';
import type { LearnedSummary, LearnedTerm } from '../../src/digest/learning/types.ts';
import { clip, escapeMarkdown, sanitiseLine } from '../../src/text/index.ts';

// What /digest tune says: the channel's votes and what its ranker made of them.

const TERMS_SHOWN = 8;
const TEACHERS_SHOWN = 5;
const TITLE_CHARS = 90;

const STAGES: Readonly<Record<LearnedSummary['stage'], string>> = {
  topics: 'topics only (no votes to learn from yet)',
  profile: 'a profile of liked and disliked papers',
  model: 'a model trained on its votes',
};

/** `1 vote`, `3 votes`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function tuneText(
  channelId: string,
  counts: FeedbackCounts | undefined,
  learned: LearnedSummary | undefined,
): string {
  const lines = [`**What the digest in <#${channelId}> has learned**`];
  if (counts) {
    lines.push(
      `Votes: 👍 ${counts.up} · 👎 ${counts.down} from ${plural(counts.voters, 'member')} · ` +
        `${plural(counts.hidden, 'paper')} hidden (Not interested)`,
    );
  }
  if (!learned) {
    lines.push('The ranker is not learning here yet: the digest ranks by its topics.');
    return lines.join('\n');
  }
  lines.push(`Ranking by: ${STAGES[learned.stage]}`);
  if (learned.positive.length > 0) lines.push(`More of: ${terms(learned.positive)}`);
  if (learned.negative.length > 0) lines.push(`Less of: ${terms(learned.negative)}`);
  if (learned.teachers.length > 0) {
    lines.push('Taught by:');
    for (const paper of learned.teachers.slice(0, TEACHERS_SHOWN)) {
      lines.push(`${paper.value > 0 ? '👍' : '👎'} ${escapeMarkdown(clip(sanitiseLine(paper.title), TITLE_CHARS))}`);
    }
  }
  return lines.join('\n');
}

function terms(list: readonly LearnedTerm[]): string {
  return list
    .slice(0, TERMS_SHOWN)
    .map((t) => `${escapeMarkdown(sanitiseLine(t.term))} (${t.weight.toFixed(2)})`)
    .join(', ');
}

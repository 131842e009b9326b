import type { DigestMessage, PlannedPaper } from '../digest/types.ts';
import { clip, sanitiseLine } from '../text/index.ts';
import type { DigestSubscriptionView, View } from '../views.ts';

// The plain-text forms of digests, which both renderers share: the terminal and the CLI print
// them, and Discord's /digest replies are the same text with channel mentions. Each renderer
// says how it names a channel (ChannelLabel).

// Discord names a paper's thread after its title, at most 100 characters.
const THREAD_NAME_CHARS = 100;
// A liked paper is named in an explanation by the start of its title.
const LIKED_TITLE_CHARS = 60;

export type DigestView = Extract<View, { kind: `digest-${string}` }>;
type MessageView = Extract<View, { kind: 'message' }>;

/** The name of a paper's discussion thread: its title, cleaned and clipped, as Discord shows it. */
export function threadName(paper: Pick<PlannedPaper, 'title'>): string {
  return clip(sanitiseLine(paper.title), THREAD_NAME_CHARS) || 'Paper';
}

/**
 * Why a planned paper is in the digest (issue 14, item 3): the topic words it matched and/or the
 * liked paper it is most like — "matched: speech, pre-training · like the 👍 paper *TERA…*".
 * `literal` makes text literal for the renderer (Discord markdown; identity for plain text).
 */
export function explanation(
  paper: PlannedPaper,
  literal: (text: string) => string = (text) => text,
): string | undefined {
  const parts: string[] = [];
  if (paper.matchedTerms.length) parts.push(`matched: ${literal(paper.matchedTerms.join(', '))}`);
  if (paper.likedPaper) {
    const title = clip(sanitiseLine(paper.likedPaper.title), LIKED_TITLE_CHARS);
    parts.push(`like the 👍 paper *${literal(title)}*`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** How a renderer names a channel: `<#id>` (a Discord mention) or `#id` (the terminal). */
export type ChannelLabel = (channelId: string) => string;

/** A /digest answer as a message: what it says, in which tone, and whether only the caller sees it. */
export function digestMessageView(view: DigestView, channel: ChannelLabel): MessageView {
  switch (view.kind) {
    case 'digest-subscribed':
      return {
        kind: 'message',
        tone: 'success',
        text: `${view.created ? 'Subscribed' : 'Updated'}: ${describeSubscription(view.subscription, channel)}`,
      };
    case 'digest-unsubscribed':
      return { kind: 'message', tone: 'success', text: `Stopped the digest in ${channel(view.channelId)}.` };
    case 'digest-list':
      return {
        kind: 'message',
        tone: 'info',
        text:
          view.subscriptions.length === 0
            ? 'No digests in this server yet. Start one with /digest subscribe.'
            : view.subscriptions.map((s) => `• ${describeSubscription(s, channel)}`).join('\n'),
      };
    case 'digest-preview':
      return {
        kind: 'message',
        tone: 'info',
        private: true,
        text:
          view.messages.map(renderDigestText).join('\n\n') ||
          `Nothing would be posted for ${view.localDate} (empty days are silent here).`,
      };
    default:
      return view satisfies never;
  }
}

/** One line per subscription, as /digest list shows it (paused ones say why). */
function describeSubscription(s: DigestSubscriptionView, channel: ChannelLabel): string {
  const source =
    s.source === 'huggingface'
      ? 'Hugging Face'
      : `${s.source === 'both' ? 'HF + ' : ''}arXiv ${s.categories.join(',')}`;
  const parts = [
    `${channel(s.channelId)} — '${s.topics.join(', ')}'`,
    `${s.time} ${s.timezone}, ${s.days}`,
    source,
    `${s.style}, up to ${s.maxPapers}`,
  ];
  if (s.exclude.length) parts.push(`excluding ${s.exclude.join(', ')}`);
  if (s.minUpvotes > 0) parts.push(`≥ ${s.minUpvotes} upvotes`);
  if (s.minScore > 0) parts.push(`score ≥ ${s.minScore}`);
  const line = parts.join(' · ');
  return s.pausedReason ? `${line} — paused: ${s.pausedReason} Subscribe again to resume.` : line;
}

/** One digest message as plain text (the CLI's `digest run --dry-run` and `digest preview`). */
export function renderDigestText(message: DigestMessage): string {
  switch (message.kind) {
    case 'header':
      return [message.text, ...message.notices.map((n) => `  (${n})`)].join('\n');
    case 'notice':
      return message.text;
    case 'list':
    case 'cards':
      return message.papers.map((paper, i) => paperText(paper, message.startRank + i)).join('\n');
    case 'thread':
      return `${paperText(message.paper, message.rank)}\n   [thread: ${threadName(message.paper)}]`;
    default:
      return message satisfies never;
  }
}

function paperText(paper: PlannedPaper, rank: number): string {
  const meta = [paper.upvotes === undefined ? undefined : `▲ ${paper.upvotes}`, paper.url].filter(Boolean).join(' · ');
  const why = explanation(paper);
  return [`${rank}. ${paper.title}${meta ? `  (${meta})` : ''}`, `   ${paper.tldr}`, why ? `   ${why}` : undefined]
    .filter((line) => line !== undefined)
    .join('\n');
}

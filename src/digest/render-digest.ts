import { createHash } from 'node:crypto';
import { clip, threadName } from './plan.js';
import type { DigestEmbed, DigestMessage, DigestPayload, PlannedPaper } from './types.js';

// Discord limits (DESIGN.md "Discord limits to enforce in renderers"): content 2000 characters;
// embed title 256, description 4096, footer 2048; all embeds of a message together 6000.
const CONTENT_MAX = 2000;
const EMBEDS_TOTAL_MAX = 6000;
const EMBED_TITLE_MAX = 256;
// Discord: a message nonce is at most 25 characters.
const NONCE_LENGTH = 25;
const CARD_COLOR = 0xf5a623;

/**
 * The nonce of one digest message: the same (subscription, date, seq) always gets the same one, so
 * with `enforceNonce` Discord ignores a resend after a crash that came between send and ledger write.
 */
export function digestNonce(subscriptionId: string, localDate: string, seq: number): string {
  return createHash('sha256')
    .update(`${subscriptionId}|${localDate}|${seq}`)
    .digest('base64url')
    .slice(0, NONCE_LENGTH);
}

/** Renders one digest message as the JSON payload discord.js `send` and Discord's REST API accept. */
export function renderDigestMessage(message: DigestMessage, nonce: string): DigestPayload {
  const base = { allowedMentions: { parse: [] }, nonce, enforceNonce: true } as const;
  switch (message.kind) {
    case 'header': {
      const notices = message.notices.map((notice) => `-# ${escapeMarkdown(notice)}`);
      return { ...base, content: fitLines([`**${escapeMarkdown(message.text)}**`, ...notices]), embeds: [] };
    }
    case 'notice':
      return { ...base, content: clip(escapeMarkdown(message.text), CONTENT_MAX), embeds: [] };
    case 'list':
      return { ...base, content: compactList(message.papers, message.startRank), embeds: [] };
    case 'cards':
      return { ...base, embeds: cards(message.papers, message.startRank) };
    case 'thread':
      return {
        ...base,
        content: clip(paperBlock(message.paper, message.rank, 400), CONTENT_MAX),
        embeds: [],
        thread: { name: threadName(message.paper) },
      };
    default:
      return message satisfies never;
  }
}

/** Plain text for the terminal and the CLI (`digest run --dry-run`). */
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
  return [
    `${rank}. ${paper.title}${meta ? `  (${meta})` : ''}`,
    `   ${paper.tldr}`,
    paper.matchedTerms.length ? `   matched: ${paper.matchedTerms.join(', ')}` : undefined,
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

function compactList(papers: readonly PlannedPaper[], startRank: number): string {
  // Shrink the TL;DR, then the title, until every paper fits in one message.
  for (const [tldrMax, titleMax] of [
    [300, 200],
    [200, 150],
    [120, 120],
    [60, 90],
    [0, 60],
  ] as const) {
    const text = papers.map((paper, i) => paperBlock(paper, startRank + i, tldrMax, titleMax)).join('\n');
    if (text.length <= CONTENT_MAX) return text;
  }
  return clip(papers.map((paper, i) => paperBlock(paper, startRank + i, 0, 40)).join('\n'), CONTENT_MAX);
}

function paperBlock(paper: PlannedPaper, rank: number, tldrMax: number, titleMax = 200): string {
  const title = escapeLinkText(clip(paper.title, titleMax));
  const linked = paper.url ? `[${title}](<${paper.url}>)` : `**${title}**`;
  const upvotes = paper.upvotes === undefined ? '' : ` · ▲ ${paper.upvotes}`;
  const lines = [`**${rank}.** ${linked}${upvotes}`];
  if (tldrMax > 0 && paper.tldr) lines.push(`> ${escapeMarkdown(clip(paper.tldr, tldrMax))}`);
  if (paper.matchedTerms.length) lines.push(`-# matched: ${escapeMarkdown(paper.matchedTerms.join(', '))}`);
  return lines.join('\n');
}

function cards(papers: readonly PlannedPaper[], startRank: number): DigestEmbed[] {
  // Share the 6000-character budget evenly, with room for the rank prefix and footer.
  const budget = Math.floor(EMBEDS_TOTAL_MAX / Math.max(1, papers.length)) - 20;
  return papers.map((paper, i) => {
    const footer = clip(
      [paper.upvotes === undefined ? undefined : `▲ ${paper.upvotes}`, matched(paper)].filter(Boolean).join(' · ') ||
        'Paperboy digest',
      Math.min(120, Math.floor(budget / 5)),
    );
    const title = clip(`${startRank + i}. ${paper.title}`, Math.min(EMBED_TITLE_MAX, Math.floor(budget / 3)));
    const description = clip(paper.tldr || '—', Math.max(20, budget - title.length - footer.length));
    return {
      title,
      ...(paper.url ? { url: paper.url } : {}),
      description,
      footer: { text: footer },
      color: CARD_COLOR,
    };
  });
}

function matched(paper: PlannedPaper): string | undefined {
  return paper.matchedTerms.length ? `matched: ${paper.matchedTerms.join(', ')}` : undefined;
}

function fitLines(lines: readonly string[]): string {
  return clip(lines.join('\n'), CONTENT_MAX);
}

/** Paper titles and user topics are data: Discord markdown in them must not format the digest. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|[\]])/g, '\\$1')
    .replace(/^([#>-])/gm, '\\$1')
    .replace(/@/g, '@\u200b');
}

function escapeLinkText(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' '));
}

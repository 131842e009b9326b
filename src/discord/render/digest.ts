import type { DigestMessage, PlannedPaper } from '../../digest/types.ts';
import { explanation, threadName } from '../../render/digest-text.ts';
import { clip, collapseWhitespace } from '../../text/index.ts';
import type { ViewControls } from '../../views.ts';
import { EMBED_TITLE_MAX, EMBEDS_TOTAL_MAX, MESSAGE_CONTENT_MAX } from '../limits.ts';
import { type ActionRow, renderControls } from './components.ts';
import { escapeText } from './text.ts';

/** An embed in the JSON shape Discord's REST API and discord.js's `send` both accept. */
export interface DigestEmbed {
  readonly title?: string;
  readonly url?: string;
  readonly description?: string;
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly value: string; readonly inline?: boolean }>;
  readonly footer?: { readonly text: string };
  readonly color?: number;
}

/**
 * A rendered digest message, ready for `channel.send(payload)`. `nonce` + `enforceNonce` let Discord drop
 * a resend of the same message after a crash between its send and our ledger write.
 * `thread` asks the poster to start a public thread on the sent message.
 */
export interface DigestPayload {
  readonly content?: string;
  readonly embeds: readonly DigestEmbed[];
  readonly allowedMentions: { readonly parse: readonly [] };
  readonly nonce: string;
  readonly enforceNonce: true;
  readonly thread?: { readonly name: string };
  /** Buttons and menus on the message (the feedback buttons); persistent, as a digest post outlives any stored state. */
  readonly components?: readonly ActionRow[];
}

/** The controls a digest message carries (commands/shared/feedback-controls.ts), given by the composition root. */
export type DigestControls = (message: DigestMessage) => ViewControls | undefined;

const CARD_COLOR = 0xf5a623;
// Discord allows 100 characters in a thread name.

/** Renders one digest message as the JSON payload discord.js `send` and Discord's REST API accept. */
export function renderDigestMessage(message: DigestMessage, nonce: string, controls?: DigestControls): DigestPayload {
  const components = renderControls(controls?.(message), refuseStoredState);
  const base = {
    allowedMentions: { parse: [] },
    nonce,
    enforceNonce: true,
    ...(components.length > 0 ? { components } : {}),
  } as const;
  switch (message.kind) {
    case 'header': {
      const notices = message.notices.map((notice) => `-# ${escapeText(notice)}`);
      return { ...base, content: fitLines([`**${escapeText(message.text)}**`, ...notices]), embeds: [] };
    }
    case 'notice':
      return { ...base, content: clip(escapeText(message.text), MESSAGE_CONTENT_MAX), embeds: [] };
    case 'list':
      return { ...base, content: compactList(message.papers, message.startRank), embeds: [] };
    case 'cards':
      return { ...base, embeds: cards(message.papers, message.startRank) };
    case 'thread':
      return {
        ...base,
        content: clip(paperBlock(message.paper, message.rank, 400), MESSAGE_CONTENT_MAX),
        embeds: [],
        thread: { name: threadName(message.paper) },
      };
    default:
      return message satisfies never;
  }
}

// A digest post is read for days; state in the component store would expire under it.
function refuseStoredState(route: string): never {
  throw new Error(`digest control ${route} must be a persistent route`);
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
    if (text.length <= MESSAGE_CONTENT_MAX) return text;
  }
  return clip(papers.map((paper, i) => paperBlock(paper, startRank + i, 0, 40)).join('\n'), MESSAGE_CONTENT_MAX);
}

function paperBlock(paper: PlannedPaper, rank: number, tldrMax: number, titleMax = 200): string {
  const title = escapeLinkText(clip(paper.title, titleMax));
  const linked = paper.url ? `[${title}](<${paper.url}>)` : `**${title}**`;
  const upvotes = paper.upvotes === undefined ? '' : ` · ▲ ${paper.upvotes}`;
  const lines = [`**${rank}.** ${linked}${upvotes}`];
  if (tldrMax > 0 && paper.tldr) lines.push(`> ${escapeText(clip(paper.tldr, tldrMax))}`);
  const why = explanation(paper, escapeText);
  if (why) lines.push(`-# ${why}`);
  return lines.join('\n');
}

function cards(papers: readonly PlannedPaper[], startRank: number): DigestEmbed[] {
  // Share the 6000-character budget evenly, with room for the rank prefix and footer.
  const budget = Math.floor(EMBEDS_TOTAL_MAX / Math.max(1, papers.length)) - 20;
  return papers.map((paper, i) => {
    const footer = clip(
      [paper.upvotes === undefined ? undefined : `▲ ${paper.upvotes}`, explanation(paper)]
        .filter(Boolean)
        .join(' · ') || 'Paperboy digest',
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

function fitLines(lines: readonly string[]): string {
  return clip(lines.join('\n'), MESSAGE_CONTENT_MAX);
}

function escapeLinkText(text: string): string {
  return escapeText(collapseWhitespace(text));
}

/** The name of the thread a paper gets in the threads style: its title on one line. */

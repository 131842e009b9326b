import { createHash } from 'node:crypto';
import { threadName } from './plan.ts';
import type { DigestMessage, PlannedPaper } from './types.ts';

// Discord: a message nonce is at most 25 characters.
const NONCE_LENGTH = 25;

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

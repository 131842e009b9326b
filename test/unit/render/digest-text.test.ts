import { describe, expect, it } from 'vitest';
import type { PlannedPaper } from '../../../src/digest/types.ts';
import { renderDigestText } from '../../../src/render/digest-text.ts';
import { renderView } from '../../../src/terminal/render/render-view.ts';
import type { DigestSubscriptionView } from '../../../src/views.ts';

const CHANNEL = '1100000000000000001';

const subscription: DigestSubscriptionView = {
  channelId: CHANNEL,
  topics: ['LLM reasoning', 'RL'],
  exclude: ['survey'],
  time: '07:30',
  timezone: 'Europe/Berlin',
  days: 'daily',
  source: 'both',
  categories: ['cs.LG', 'cs.CL'],
  minUpvotes: 3,
  minScore: 0,
  maxPapers: 4,
  style: 'cards',
};

const paper: PlannedPaper = {
  id: 'arxiv:2501.00001',
  title: 'Reasoning with RL',
  url: 'https://arxiv.org/abs/2501.00001',
  upvotes: 7,
  matchedTerms: ['reasoning'],
  tldr: 'It reasons.',
};

describe('renderView of digest answers', () => {
  it('names channels as #id, which a terminal user can read and paste', () => {
    expect(renderView({ kind: 'digest-unsubscribed', channelId: CHANNEL }).text).toBe(
      `✓ Stopped the digest in #${CHANNEL}.`,
    );
  });

  it('describes every setting of a subscription on one line', () => {
    // Wide enough that the terminal's wrapping leaves the line whole.
    expect(renderView({ kind: 'digest-subscribed', created: false, subscription }, { width: 500 }).text).toBe(
      `✓ Updated: #${CHANNEL} — 'LLM reasoning, RL' · 07:30 Europe/Berlin, daily · HF + arXiv cs.LG,cs.CL · ` +
        'cards, up to 4 · excluding survey · ≥ 3 upvotes',
    );
  });

  it('says when a server has no digests', () => {
    expect(renderView({ kind: 'digest-list', subscriptions: [] }).text).toBe(
      'No digests in this server yet. Start one with /digest subscribe.',
    );
  });

  it('says why a listed subscription is paused', () => {
    const paused = { ...subscription, source: 'huggingface', pausedReason: 'The bot lost permission.' } as const;
    expect(renderView({ kind: 'digest-list', subscriptions: [paused] }, { width: 500 }).text).toMatch(
      /^• #1100000000000000001 — .* · Hugging Face · .* — paused: The bot lost permission\. Subscribe again to resume\.$/,
    );
  });

  it('says when a preview would post nothing', () => {
    expect(renderView({ kind: 'digest-preview', localDate: '2025-03-29', messages: [] }).text).toBe(
      'Nothing would be posted for 2025-03-29 (empty days are silent here).',
    );
  });

  it('removes terminal escapes from paper titles in a preview', () => {
    const messages = [
      { kind: 'list', seq: 1, papers: [{ ...paper, title: 'Evil\u001b[2J title' }], startRank: 1 },
    ] as const;
    expect(renderView({ kind: 'digest-preview', localDate: '2025-03-31', messages }).text).toContain('1. Evil title');
  });
});

describe('renderDigestText', () => {
  it('puts the notices under the header', () => {
    expect(
      renderDigestText({ kind: 'header', seq: 0, text: 'Papers for Mon 31 Mar', notices: ['arXiv did not answer.'] }),
    ).toBe('Papers for Mon 31 Mar\n  (arXiv did not answer.)');
  });

  it('numbers papers from the message start rank, with upvotes, link and matched words', () => {
    expect(renderDigestText({ kind: 'cards', seq: 1, papers: [paper], startRank: 11 })).toBe(
      '11. Reasoning with RL  (▲ 7 · https://arxiv.org/abs/2501.00001)\n   It reasons.\n   matched: reasoning',
    );
  });

  it('says which liked paper an entry is like, after the matched words', () => {
    const liked = {
      ...paper,
      likedPaper: { id: 'arxiv:2006.00001', title: 'TERA: Self-Supervised Learning for Speech' },
    };
    expect(renderDigestText({ kind: 'list', seq: 1, papers: [liked], startRank: 1 })).toBe(
      '1. Reasoning with RL  (▲ 7 · https://arxiv.org/abs/2501.00001)\n   It reasons.\n' +
        '   matched: reasoning · like the 👍 paper *TERA: Self-Supervised Learning for Speech*',
    );
  });

  it('names the thread a paper would get', () => {
    const untitled = { ...paper, title: ' ', url: undefined, upvotes: undefined, matchedTerms: [] };
    expect(renderDigestText({ kind: 'thread', seq: 2, paper: untitled, rank: 2 })).toBe(
      '2.  \n   It reasons.\n   [thread: Paper]',
    );
  });
});

import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { digestControls } from '../../../commands/shared/digest-controls.ts';
import { digestMessages } from '../../../src/digest/planning/plan.ts';
import { digestNonce } from '../../../src/digest/scheduling/digest-nonce.ts';
import type { DigestPlan, DigestStyle, PlannedPaper } from '../../../src/digest/types.ts';
import { decodeCustomId } from '../../../src/discord/custom-id.ts';
import { renderDigestMessage } from '../../../src/discord/render/digest.ts';

function planned(i: number, overrides: Partial<PlannedPaper> = {}): PlannedPaper {
  return {
    id: `arxiv:2501.${String(i).padStart(5, '0')}`,
    title: `Paper ${i} `.padEnd(300, 'x'),
    url: `https://arxiv.org/abs/2501.${String(i).padStart(5, '0')}`,
    upvotes: i,
    matchedTerms: ['reasoning', 'rl'],
    tldr: 'y'.repeat(300),
    ...overrides,
  };
}

const tenPapers: DigestPlan = {
  papers: Array.from({ length: 10 }, (_, i) => planned(i + 1)),
  matched: 23,
  notices: [],
};

function render(style: DigestStyle, plan: DigestPlan = tenPapers) {
  return digestMessages({ topics: ['LLM reasoning', 'RL'], style }, '2025-08-05', plan, 'notice').map((m) =>
    renderDigestMessage(m, digestNonce('sub-1', '2025-08-05', m.seq)),
  );
}

describe('digestMessages', () => {
  it('starts with a header naming the day, the count and the topics', () => {
    const [header] = render('compact', { ...tenPapers, papers: tenPapers.papers.slice(0, 7), matched: 7 });
    expect(header?.content).toBe("**Papers for Tue 5 Aug — 7 matching 'LLM reasoning, RL'**");
  });

  it('says "top N of M" when more papers matched than are shown', () => {
    expect(render('compact')[0]?.content).toBe("**Papers for Tue 5 Aug — top 10 of 23 matching 'LLM reasoning, RL'**");
  });

  it('is one short line on a day without matches', () => {
    expect(render('compact', { papers: [], matched: 0, notices: [] }).map((p) => p.content)).toEqual([
      "No new papers matching 'LLM reasoning, RL' for Tue 5 Aug.",
    ]);
  });

  it('is nothing on a day without matches when whenEmpty is silent', () => {
    expect(
      digestMessages(
        { topics: ['RL'], style: 'compact' },
        '2025-08-05',
        { papers: [], matched: 0, notices: [] },
        'silent',
      ),
    ).toEqual([]);
  });

  it('posts one message per paper, each starting a thread, in the threads style', () => {
    const payloads = render('threads');
    expect(payloads).toHaveLength(11);
    expect(
      payloads.slice(1).every((p) => (p.thread?.name.length ?? 0) <= 100 && p.thread?.name.startsWith('Paper')),
    ).toBe(true);
  });
});

describe('renderDigestMessage', () => {
  it('keeps a compact list of ten long papers within 2000 characters', () => {
    const [, list] = render('compact');
    expect(list?.content?.length).toBeLessThanOrEqual(2000);
    expect(list?.content).toContain('**10.**');
  });

  it('keeps ten cards within one message and 6000 embed characters', () => {
    const payloads = render('cards');
    expect(payloads).toHaveLength(2);
    const embeds = payloads[1]?.embeds ?? [];
    expect(embeds).toHaveLength(10);
    const total = embeds.reduce(
      (sum, e) => sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0),
      0,
    );
    expect(total).toBeLessThanOrEqual(6000);
    expect(embeds.every((e) => (e.title?.length ?? 0) <= 256)).toBe(true);
  });

  it('sends every message without mentions and with a stable nonce of at most 25 characters', () => {
    const payloads = render('threads');
    expect(payloads.every((p) => p.allowedMentions.parse.length === 0 && p.enforceNonce)).toBe(true);
    expect(payloads.every((p) => p.nonce.length <= 25)).toBe(true);
    expect(new Set(payloads.map((p) => p.nonce)).size).toBe(payloads.length);
    expect(render('threads')[3]?.nonce).toBe(payloads[3]?.nonce);
  });

  it('escapes markdown and mentions in paper titles', () => {
    const plan: DigestPlan = {
      papers: [planned(1, { title: '**Bold** @everyone', tldr: 'ok.' })],
      matched: 1,
      notices: [],
    };
    expect(render('compact', plan)[1]?.content).toContain('[\\*\\*Bold\\*\\* @\u200beveryone]');
  });

  it('says which liked paper an entry is like, in every style, its title escaped', () => {
    const liked = planned(1, {
      title: 'Speech paper',
      likedPaper: {
        id: 'arxiv:2006.00001',
        title: 'TERA: *Self-Supervised* Learning of Transformer Encoder Representation',
      },
    });
    const plan = { papers: [liked], matched: 1, notices: [] };
    const why =
      'matched: reasoning, rl · like the 👍 paper *TERA: \\*Self-Supervised\\* Learning of Transformer Encoder…*';
    expect(render('compact', plan)[1]?.content).toContain(`-# ${why}`);
    expect(render('threads', plan)[1]?.content).toContain(`-# ${why}`);
    expect(render('cards', plan)[1]?.embeds[0]?.footer?.text).toBe(
      '▲ 1 · matched: reasoning, rl · like the 👍 paper *TERA: *Self-Supervised* Learning of Transformer Encoder…*',
    );
  });
});

describe('renderDigestMessage with the entries’ controls', () => {
  function withControls(style: DigestStyle, plan: DigestPlan = tenPapers) {
    return digestMessages({ topics: ['LLM reasoning', 'RL'], style }, '2025-08-05', plan, 'notice').map((m) =>
      renderDigestMessage(m, digestNonce('sub-1', '2025-08-05', m.seq), digestControls),
    );
  }
  const controlsOf = (payload: ReturnType<typeof renderDigestMessage> | undefined) =>
    (payload?.components ?? []).flatMap((row) =>
      row.components.map((c) => ({ type: c.type, id: 'custom_id' in c ? c.custom_id : '' })),
    );
  const routesOf = (payload: ReturnType<typeof renderDigestMessage> | undefined) =>
    controlsOf(payload).map((c) => decodeCustomId(c.id).route);

  it('ends a thread-style entry’s row (one paper) with Save and a persistent Discuss button', () => {
    const [, entry] = withControls('threads');
    expect(routesOf(entry)).toEqual(['digest.like', 'digest.dislike', 'digest.hide', 'reading.save', 'paper.discuss']);
    const discuss = controlsOf(entry).at(-1);
    expect(discuss?.type).toBe(ComponentType.Button);
    expect(decodeCustomId(discuss?.id ?? '')).toEqual({ route: 'paper.discuss', state: { p: 'arxiv:2501.00001' } });
  });

  it('gives each paper of a short list its own Discuss, marked as one of several', () => {
    const [, list] = withControls('compact', { ...tenPapers, papers: tenPapers.papers.slice(0, 3) });
    const discuss = controlsOf(list).filter((c) => decodeCustomId(c.id).route === 'paper.discuss');
    expect(discuss.map((c) => decodeCustomId(c.id))).toEqual(
      [1, 2, 3].map((i) => ({ route: 'paper.discuss', state: { p: `arxiv:2501.0000${i}`, m: 1 } })),
    );
  });

  it('gives a long list or cards message one Discuss menu beside the rating menu, within Discord’s limits', () => {
    for (const style of ['compact', 'cards'] as const) {
      for (const entry of withControls(style).slice(1)) {
        const controls = controlsOf(entry);
        if (controls.length === 0) continue;
        expect(routesOf(entry)).toContain('paper.discuss-pick');
        expect(controls.every((c) => c.id.length <= 100)).toBe(true);
        expect(entry?.components?.length ?? 0).toBeLessThanOrEqual(5);
      }
    }
  });

  it('gives the header and notices no controls', () => {
    expect(withControls('compact')[0]?.components).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { digestFeedbackControls, rateMenu, voteButtons } from '../../../commands/shared/feedback-controls.ts';
import type { DigestMessage, PlannedPaper } from '../../../src/digest/types.ts';
import { encodeInlineCustomId } from '../../../src/discord/custom-id.ts';
import { redrawButtons } from '../../../src/discord/render/components.ts';
import { renderDigestMessage } from '../../../src/discord/render/digest.ts';
import { limitViolations } from '../../../src/discord/render/limit-violations.ts';

const planned = (n: number): PlannedPaper => ({
  id: `arxiv:2409.${String(10000 + n)}`,
  title: `Paper ${n}`,
  matchedTerms: [],
  tldr: 'A short summary.',
});
const papers = (count: number) => Array.from({ length: count }, (_, i) => planned(i + 1));
const labels = (buttons: readonly { label: string }[]) => buttons.map((b) => b.label);

describe('voteButtons', () => {
  it('shows the counts, the rank on the first button, and Not interested as done once hidden', () => {
    expect(labels(voteButtons('arxiv:2409.10001', { rank: 3, tally: { up: 4, down: 1 } }))).toEqual([
      '#3 👍 4',
      '👎 1',
      'Not interested',
    ]);
    const hidden = voteButtons('arxiv:2409.10001', { hidden: true });
    expect(labels(hidden)).toEqual(['👍 0', '👎 0', 'Hidden here']);
    expect(hidden[2]?.disabled).toBe(true);
  });

  it('fits the longest id it accepts in Discord’s 100-character custom_id, and offers none for a longer one', () => {
    const longest = `doi:${'1'.repeat(43)}`;
    for (const button of voteButtons(longest, { rank: 10 })) {
      expect(encodeInlineCustomId(button.route, button.state).length).toBeLessThanOrEqual(100);
    }
    expect(voteButtons(`${longest}1`)).toEqual([]);
  });
});

describe('digestFeedbackControls', () => {
  const list = (count: number, kind: 'list' | 'cards'): DigestMessage => ({
    kind,
    seq: 1,
    papers: papers(count),
    startRank: 1,
  });

  it('gives each paper of a message of up to five its own row', () => {
    const controls = digestFeedbackControls(list(5, 'cards'));
    expect(controls?.rows?.map((row) => row[0]?.label)).toEqual([
      '#1 👍 0',
      '#2 👍 0',
      '#3 👍 0',
      '#4 👍 0',
      '#5 👍 0',
    ]);
    expect(controls?.selects).toBeUndefined();
  });

  it('gives a longer list one "Rate a paper…" menu of its papers instead (Discord: 5 rows)', () => {
    const controls = digestFeedbackControls(list(10, 'list'));
    expect(controls?.rows).toBeUndefined();
    expect(controls?.selects?.[0]?.options.map((o) => o.label)).toEqual(
      papers(10).map((p, i) => `${i + 1}. ${p.title}`),
    );
  });

  it('puts a row without a rank on a thread-style post, Save beside it, and nothing on the header', () => {
    expect(digestFeedbackControls({ kind: 'thread', seq: 1, paper: planned(1), rank: 1 })?.rows?.map(labels)).toEqual([
      ['👍 0', '👎 0', 'Not interested', 'Save'],
    ]);
    expect(digestFeedbackControls({ kind: 'header', seq: 0, text: 'Papers', notices: [] })).toBeUndefined();
  });

  it('renders within Discord’s limits for every style and size', () => {
    for (const count of [1, 5, 6, 10]) {
      for (const kind of ['list', 'cards'] as const) {
        const payload = renderDigestMessage(list(count, kind), 'nonce', digestFeedbackControls);
        const reply = {
          ...(payload.content === undefined ? {} : { content: payload.content }),
          embeds: payload.embeds.map(({ fields, ...embed }) => ({ ...embed, fields: [...(fields ?? [])] })),
          components: [...(payload.components ?? [])],
          allowedMentions: { parse: [] as [] },
        };
        expect(limitViolations(reply)).toEqual([]);
        expect(payload.components?.length).toBe(count <= 5 ? count : 1);
      }
    }
  });
});

describe('rateMenu', () => {
  it('leaves out papers whose ids cannot be a select value or a vote button', () => {
    const menu = rateMenu([
      { id: 'arxiv:2409.10001', title: 'Kept', number: 1 },
      { id: `doi:${'9'.repeat(120)}`, title: 'Too long', number: 2 },
    ]);
    expect(menu?.options.map((o) => o.value)).toEqual(['arxiv:2409.10001']);
    expect(rateMenu([])).toBeUndefined();
  });
});

describe('redrawButtons', () => {
  it('replaces the buttons with the same persistent custom_id and keeps every other component (Save)', () => {
    const refuse = () => {
      throw new Error('persistent buttons store no state');
    };
    const payload = renderDigestMessage(
      { kind: 'cards', seq: 1, papers: papers(2), startRank: 1 },
      'n',
      digestFeedbackControls,
    );
    const current = [...(payload.components ?? [])];
    const redrawn = redrawButtons(current, voteButtons(planned(2).id, { rank: 2, tally: { up: 1, down: 0 } }), refuse);
    const shown = redrawn.map((row) => row.components.map((c) => ('label' in c ? c.label : '')));
    expect(shown).toEqual([
      ['#1 👍 0', '👎 0', 'Not interested', 'Save'],
      ['#2 👍 1', '👎 0', 'Not interested', 'Save'],
    ]);
  });
});

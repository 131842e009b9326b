import { describe, expect, it } from 'vitest';
import { toDiscord } from '../../src/discord/render/index.ts';
import { groundAnswer } from '../../src/llm/ask.ts';
import { groundComparison } from '../../src/llm/compare.ts';
import { renderView } from '../../src/terminal/render/render-view.ts';
import type { View } from '../../src/views.ts';
import { makePaper } from '../support/builders.ts';
import { startLlmHarness } from '../support/llm-helpers.ts';

// Issue 12, item 7: model output that must not be trusted as it comes.
const papers = [
  makePaper(),
  makePaper({ id: 'arxiv:2402.00001', title: 'Medusa Heads', abstract: 'Extra decoding heads predict 3 tokens.' }),
];
const llm = { kind: 'llm', model: 'm' } as const;

function rendered(view: View): { terminal: string; discord: string } {
  return {
    terminal: renderView(view).text,
    // Markdown escapes (\\[9\\] in JSON) removed, so a flag reads as it does on screen.
    discord: JSON.stringify(toDiscord(view, { storeState: () => 'k'.repeat(12) })).replaceAll('\\', ''),
  };
}

describe('invented numbers and citations, flagged in both renderers', () => {
  const answers = [
    ['an invented percentage', 'Drafting is 94.3% faster [1].', 'check before quoting: 94.3'],
    ['a made-up citation beside a real one', 'Heads predict 3 tokens [2] [9].', 'were not given: [9]'],
  ] as const;

  it.each(answers)('answer with %s', (_name, text, flag) => {
    const answer = groundAnswer({ answered: true, text }, papers, llm, 'How fast?');
    const { terminal, discord } = rendered({ kind: 'answer', question: 'How fast?', answer, papers, notices: [] });
    expect([terminal.includes(flag), discord.includes(flag)]).toEqual([true, true]);
  });

  it.each([
    [
      'an invented speed-up in a cell',
      { cells: ['A 3.7x speed-up.', 'Heads.'], verdict: 'Both work [1] [2].' },
      'check before quoting: 3.7',
    ],
    [
      'a made-up citation in the verdict',
      { cells: ['Drafts.', 'Heads.'], verdict: 'The first [1] [6].' },
      'were not given: [6]',
    ],
  ] as const)('comparison with %s', (_name, { cells, verdict }, flag) => {
    const output = {
      rows: [{ aspect: 'results' as const, cells: cells.map((text, i) => ({ paper: i + 1, text })) }],
      verdict,
    };
    const { comparison } = groundComparison(output, papers, llm);
    const { terminal, discord } = rendered({ kind: 'comparison', papers, comparison });
    expect([terminal.includes(flag), discord.includes(flag)]).toEqual([true, true]);
  });
});

describe('a reply rejected for fabricated citations', () => {
  it.each([
    ['every citation out of range', 'Drafting works [3]. Heads work [4].'],
    ['citation zero', 'Drafting works [0].'],
    ['no citation at all', 'Drafting works.'],
  ])('with %s is neither shown as the model’s answer nor cached', async (_name, text) => {
    const { fake, llm: model } = await startLlmHarness();
    fake.reply(() => ({ answered: true, text }));
    const first = await model.ask('How fast?', papers);
    fake.reply(() => ({ answered: true, text: 'Drafting works [1].' }));
    const second = await model.ask('How fast?', papers);
    expect([first.generator, second.text]).toEqual([
      { kind: 'extractive', reason: 'llm-rejected' },
      'Drafting works [1].',
    ]);
    const { terminal, discord } = rendered({
      kind: 'answer',
      question: 'How fast?',
      answer: first,
      papers,
      notices: [],
    });
    expect([terminal, discord].map((text) => text.includes('failed the checks'))).toEqual([true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../../src/llm/types.ts';
import { renderView } from '../../../../src/terminal/render/render-view.ts';
import type { View } from '../../../../src/views.ts';
import { makePaper, routeName } from '../../../support/builders.ts';

const paper = makePaper();
const summary: Summary = {
  tldr: 'Drafts then verifies.',
  keyPoints: ['Uses a small draft model'],
  method: 'Draft and verify.',
  results: 'Faster decoding.',
  limitations: 'Needs a draft model.',
  unverifiedNumbers: ['3x'],
  style: 'tldr',
  language: 'English',
  generator: { kind: 'extractive', reason: 'not-configured' },
};

const list: View = {
  kind: 'paper-list',
  title: 'Papers for “decoding”',
  query: 'decoding',
  hits: [
    {
      paper: { ...paper, upvotes: 12, authors: ['A', 'B', 'C', 'D'] },
      score: 1,
      snippet: 'a draft-and-verify scheme',
      matchedTerms: [],
    },
  ],
  page: 0,
  offset: 0,
  hasMore: true,
  notices: ['arXiv is not answering; showing library results'],
  controls: {
    buttons: [
      { route: routeName('papers.prev'), label: 'Previous page', state: {}, disabled: true },
      { route: routeName('papers.next'), label: 'Next page', state: {} },
    ],
    selects: [
      {
        route: routeName('papers.summarize'),
        placeholder: 'Summarize…',
        options: [{ label: '1', value: paper.id }],
        minValues: 1,
        maxValues: 1,
        state: {},
      },
    ],
  },
};

describe('renderView', () => {
  it('renders a paper list with numbered hits and the words of its actions, skipping disabled buttons', () => {
    const { text, actions } = renderView(list);
    expect(text).toBe(
      [
        'Papers for “decoding”',
        '! arXiv is not answering; showing library results',
        '',
        ' 1. Speculative Decoding for Fast Inference',
        '    A, B, C et al. · 2024-01-22 · ▲ 12',
        '    arxiv:2401.12345 · https://arxiv.org/abs/2401.12345',
        '    a draft-and-verify scheme',
        '',
        'Page 1 · more results',
        '',
        '→ [s 1] summarize · [n] next page',
      ].join('\n'),
    );
    expect(actions.map((a) => (a.kind === 'button' ? a.action.route : a.select.route))).toEqual([
      'papers.summarize',
      'papers.next',
    ]);
  });

  it('numbers a second page on from the first, in the list and in the action words', () => {
    const { text, actions } = renderView({ ...list, page: 1, offset: 5 });
    expect(text).toContain('\n 6. Speculative Decoding for Fast Inference\n');
    expect(text).toContain('→ [s 6] summarize');
    expect(actions[0]).toMatchObject({ kind: 'select', firstNumber: 6 });
  });

  it('wraps long lines at spaces to the width, aligned under their text, keeping links whole', () => {
    const url = `https://example.org/${'x'.repeat(90)}`;
    const long = {
      ...list,
      hits: [
        {
          paper: { ...paper, title: 'A rather long title about speculative decoding and its many variants', links: {} },
          score: 1,
          snippet: `see ${url} for the code`,
          matchedTerms: [],
        },
      ],
    } as const;
    const lines = renderView(long, { width: 40 }).text.split('\n');
    const title = lines.indexOf(' 1. A rather long title about');
    expect(lines.slice(title, title + 3)).toEqual([
      ' 1. A rather long title about',
      '    speculative decoding and its many',
      '    variants',
    ]);
    expect(lines).toContain(`    ${url}`);
    for (const line of lines) if (!line.includes(url)) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('says when an extractive summary stands in for a model that is not answering', () => {
    const { text } = renderView({
      kind: 'summary',
      paper,
      summary: { ...summary, generator: { kind: 'extractive', reason: 'llm-unavailable' } },
    });
    expect(text).toContain(
      'Summary (tldr, English) — extractive summary — the language model is not answering right now',
    );
  });

  it('labels an extractive summary as such', () => {
    const { text } = renderView({ kind: 'summary', paper, summary });
    expect(text).toContain('Summary (tldr, English) — extractive summary — no LLM configured');
    expect(text).toContain('TL;DR: Drafts then verifies.');
    expect(text).toContain('• Uses a small draft model');
    expect(text).toContain('! Not found in the abstract, check before quoting: 3x');
  });

  it('names the model of an LLM summary', () => {
    const { text } = renderView({
      kind: 'summary',
      paper,
      summary: { ...summary, generator: { kind: 'llm', model: 'gpt-4o-mini' } },
    });
    expect(text).toContain('— by gpt-4o-mini');
  });

  it('renders a comparison row by row', () => {
    const other = makePaper({ id: 'arxiv:2401.00002', title: 'Other' });
    const { text } = renderView({
      kind: 'comparison',
      papers: [paper, other],
      comparison: {
        paperIds: [paper.id, other.id],
        rows: [{ aspect: 'method', cells: ['drafts', 'beams'] }],
        verdict: 'Pick the first.',
        generator: { kind: 'extractive', reason: 'not-configured' },
      },
    });
    expect(text).toBe(
      [
        'Comparison of 2 papers — extractive comparison — no LLM configured',
        '  [1] Speculative Decoding for Fast Inference (arxiv:2401.12345)',
        '  [2] Other (arxiv:2401.00002)',
        '',
        'Method:',
        '  [1] drafts',
        '  [2] beams',
        '',
        'Verdict: Pick the first.',
      ].join('\n'),
    );
  });

  it('renders an answer with its sources, marking uncited ones', () => {
    const other = makePaper({ id: 'arxiv:2401.00002', title: 'Other', links: {} });
    const { text } = renderView({
      kind: 'answer',
      question: 'How?',
      answer: {
        text: 'By drafting [1].',
        citations: [{ n: 1, paperId: paper.id }],
        answered: true,
        generator: { kind: 'llm', model: 'm' },
      },
      papers: [paper, other],
      notices: [],
    });
    expect(text).toBe(
      [
        'Q: How?',
        '— by m',
        '',
        'By drafting [1].',
        '',
        'Sources:',
        '  [1] Speculative Decoding for Fast Inference — https://arxiv.org/abs/2401.12345',
        '  [2] (not cited) Other — https://arxiv.org/abs/2401.00002',
      ].join('\n'),
    );
  });

  it('renders a paper card with links', () => {
    const { text } = renderView({ kind: 'paper', paper });
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Speculative Decoding for Fast Inference',
      'Ada Lovelace, Alan Turing',
      'Published 2024-01-22 · cs.CL, cs.LG',
      'arxiv:2401.12345 · abs: https://arxiv.org/abs/2401.12345 · pdf: https://arxiv.org/pdf/2401.12345',
    ]);
  });

  it('renders help with examples and the action words', () => {
    const { text } = renderView({
      kind: 'help',
      commands: [{ name: 'papers', description: 'Search.', example: '/papers query: x' }],
    });
    expect(text).toContain('  /papers — Search.\n      e.g. /papers query: x');
    expect(text).toContain('  s, summarize — summarize result N (s 2)');
    expect(text).toContain('  c, compare — compare 2–5 results (c 1 3)');
    expect(text).toContain('  n, next — the next page');
    expect(text).toContain('  p, prev — the previous page');
  });

  it('says once that the papers do not answer the question', () => {
    const { text } = renderView({
      kind: 'answer',
      question: 'Why?',
      answer: {
        text: "These papers don't answer that question.",
        citations: [],
        answered: false,
        generator: { kind: 'llm', model: 'm' },
      },
      papers: [],
      notices: [],
    });
    expect(text).toBe(['Q: Why?', '— by m', '', "! These papers don't answer that question."].join('\n'));
  });

  it('renders status entries with marks', () => {
    const { text } = renderView({
      kind: 'status',
      version: '0.1.0',
      entries: [{ name: 'arXiv', ok: false, detail: 'no success yet' }],
    });
    expect(text).toBe('Paperboy 0.1.0\n  ✗ arXiv: no success yet');
  });

  it('renders a warning message', () => {
    expect(renderView({ kind: 'message', text: 'Careful.', tone: 'warning' }).text).toBe('! Careful.');
  });

  it('prints a file after its message, whole and unwrapped', () => {
    const line = `  title = {{${'Long words '.repeat(12).trim()}}},`;
    const view: View = {
      kind: 'message',
      text: 'Your reading list as BibTeX (1 paper).',
      tone: 'success',
      file: { name: 'reading-list.bib', text: `@misc{a2024b,\n${line}\n}\n` },
    };
    expect(renderView(view, { width: 40 }).text).toBe(
      `✓ Your reading list as BibTeX (1 paper).\n\n--- reading-list.bib ---\n@misc{a2024b,\n${line}\n}\n`,
    );
  });

  it('renders an error with its reference', () => {
    expect(renderView({ kind: 'error', userMessage: 'Something went wrong.', errorId: 'abc' }).text).toBe(
      'Error: Something went wrong. (ref abc)',
    );
  });

  it('strips terminal escape sequences from paper text', () => {
    const { text } = renderView({ kind: 'paper', paper: { ...paper, title: 'Evil\u001b[2J\u001b]0;x\u0007 title' } });
    expect(text.split('\n')[0]).toBe('Evil title');
  });
});

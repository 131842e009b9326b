import { describe, expect, it } from 'vitest';
import { toDiscord } from '../../src/discord/render/index.ts';
import { parseImport } from '../../src/ingest/import-file.ts';
import { ingestPapers } from '../../src/ingest/ingest-papers.ts';
import { renderView } from '../../src/terminal/render/render-view.ts';
import type { View } from '../../src/views.ts';
import { makePaper, routeName } from '../support/builders.ts';
import { temporaryLibrary } from '../unit/library/library-fixture.ts';
import { forbiddenIn, NASTY_TITLES } from './nasty-text.ts';

const readable = NASTY_TITLES.filter((c): c is readonly [string, string, string] => c[2] !== undefined);
const invisible = NASTY_TITLES.filter(([, , seen]) => seen === undefined);

function discordText(view: View): string {
  return JSON.stringify(toDiscord(view, { storeState: () => 'k'.repeat(12) }));
}

describe('untrusted text at ingest', () => {
  it.each(readable)('stores a title with %s sanitised', (_name, title, seen) => {
    const { library } = temporaryLibrary();
    const { papers } = parseImport(
      `${JSON.stringify({ id: '2401.12345', title, abstract: `An ${title}.` })}\n`,
      '.jsonl',
    );
    ingestPapers(library, papers);
    expect(library.get('arxiv:2401.12345')?.title).toBe(seen);
  });

  it.each(invisible)('skips a file record whose title is %s, saying why', (_name, title) => {
    const { papers, skipped } = parseImport(`${JSON.stringify({ id: '2401.12345', title })}\n`, '.jsonl');
    expect([papers, skipped.map((s) => s.line)]).toEqual([[], [1]]);
  });

  it.each(invisible)('rejects a paper from anywhere else whose title is %s', (_name, title) => {
    const { library } = temporaryLibrary();
    const result = ingestPapers(library, [makePaper({ title })]);
    expect([result.added, result.rejected.map((r) => r.reason)]).toEqual([0, ['empty title']]);
  });
});

describe('untrusted text at the renderers', () => {
  // Papers built directly, as a source or an old library might hand them over, never sanitised.
  it.each(readable)('prints a paper titled with %s in the terminal without it', (_name, title) => {
    const { text } = renderView({ kind: 'paper', paper: makePaper({ title, abstract: title, authors: [title] }) });
    expect(forbiddenIn(text)).toEqual([]);
  });

  it.each(readable)('sends a paper titled with %s to Discord without it', (_name, title) => {
    const json = discordText({ kind: 'paper', paper: makePaper({ title, abstract: title, authors: [title] }) });
    expect(forbiddenIn(decodeJson(json))).toEqual([]);
  });

  it.each(readable)('labels a select option titled with %s without it', (_name, title) => {
    const select = { route: routeName('papers.pick'), placeholder: 'Pick', minValues: 1, maxValues: 1, state: {} };
    const options = [{ label: title, value: 'arxiv:2401.12345', description: title }];
    const json = discordText({ kind: 'paper', paper: makePaper(), controls: { selects: [{ ...select, options }] } });
    expect(forbiddenIn(decodeJson(json))).toEqual([]);
  });

  it('sends model output with an RTL override and an escape to Discord without them', () => {
    const json = discordText({
      kind: 'answer',
      question: 'Why\u202e?',
      answer: {
        text: 'Because\u001b[2J [1].',
        citations: [{ n: 1, paperId: 'arxiv:2401.12345' }],
        answered: true,
        generator: { kind: 'llm', model: 'm' },
      },
      papers: [makePaper()],
      notices: [],
    });
    expect(forbiddenIn(decodeJson(json))).toEqual([]);
  });
});

/** The JSON with its \u escapes decoded, so a control character cannot hide behind one. */
function decodeJson(json: string): string {
  return json.replace(/\\u([0-9a-f]{4})/gi, (_e, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

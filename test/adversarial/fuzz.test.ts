import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/random.ts';
import { isPaperboyError } from '../../src/errors/index.ts';
import { parseImport } from '../../src/ingest/import-file.ts';
import { ingestPapers } from '../../src/ingest/ingest-papers.ts';
import { tryParsePaperId } from '../../src/papers/parse-paper-id.ts';
import { hasVisibleText, sanitiseLine } from '../../src/text/index.ts';
import { temporaryLibrary } from '../unit/library/library-fixture.ts';
import { forbiddenIn, NASTY_TITLES } from './nasty-text.ts';

// A seeded fuzz of ingest lines and ids (issue 12, item 8): the same cases every run, so a failure
// reproduces; the seed and case count are in the test name. About a second in all on a laptop.
const SEED = 20261201;
const LINES = 3000;
const IDS = 5000;

// Pieces the generator splices: id forms, JSON syntax, and characters that broke things before.
const FRAGMENTS = [
  '2401.12345',
  'v2',
  'arxiv:',
  'doi:10.1000/',
  's2:',
  'local:',
  'https://arxiv.org/abs/',
  'https://hf.co/papers/',
  '%',
  '%E0%A4%A',
  '%2F',
  '../',
  'javascript:',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\u0000',
  'null',
  'true',
  '"title"',
  '"id"',
  '"abstract"',
  '"authors"',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u001b]0;x\u0007',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\ud800',
  '\udc00',
  '\u0085',
  '\u2028',
  ' ',
  '\t',
  'é',
  '深度',
  '🚀',
  'Title',
  'math/0611800',
  ...NASTY_TITLES.map(([, title]) => title),
];

const ID_FORMS = [
  'https://arxiv.org/abs/',
  'https://arxiv.org/pdf/',
  'arxiv.org/abs/',
  'https://huggingface.co/papers/',
  'https://doi.org/',
  'arxiv:',
  'doi:',
  's2:',
  '<https://arxiv.org/abs/',
  '`',
];

function generator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const junk = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(FRAGMENTS)).join('');
  return {
    random,
    junk,
    /** An id-like string: half the time a real id form's start, then junk. */
    id: () => (random() < 0.5 ? pick(ID_FORMS) : '') + junk(),
    /** A JSONL line: mostly well-formed records with nasty values, some raw junk. */
    line(): string {
      if (random() < 0.2) return junk();
      const record: Record<string, unknown> = { title: junk() };
      if (random() < 0.7) record.id = junk();
      if (random() < 0.5) record.abstract = junk();
      if (random() < 0.3) record.authors = [junk(), junk()];
      return JSON.stringify(record);
    },
  };
}

describe(`seeded fuzz (seed ${SEED})`, () => {
  it(`imports ${LINES} JSONL lines without storing a title anyone cannot read or that could run`, () => {
    const { line } = generator(SEED);
    const text = Array.from({ length: LINES }, line).join('\n');
    const { papers, skipped } = parseImport(text, '.jsonl');
    expect(papers.length + skipped.length).toBeGreaterThanOrEqual(LINES * 0.9);
    const { library } = temporaryLibrary();
    const result = ingestPapers(library, papers);
    for (const paper of papers) {
      const stored = library.get(paper.id);
      if (!stored) continue;
      expect(hasVisibleText(stored.title), stored.id).toBe(true);
      expect(forbiddenIn(`${stored.title}${stored.abstract}${stored.authors.join('')}`), stored.id).toEqual([]);
      expect(sanitiseLine(stored.title)).toBe(stored.title);
    }
    expect(result.added).toBeGreaterThan(0);
  });

  it(`parses ${IDS} id-like strings without throwing, and every id it returns parses back to itself`, () => {
    const { id } = generator(SEED + 1);
    for (let i = 0; i < IDS; i++) {
      const text = id();
      let parsed: ReturnType<typeof tryParsePaperId>;
      try {
        parsed = tryParsePaperId(text);
      } catch (error) {
        throw new Error(`tryParsePaperId threw for ${JSON.stringify(text)}`, { cause: error });
      }
      if (parsed) expect(tryParsePaperId(parsed.id)?.id, JSON.stringify(text)).toBe(parsed.id);
    }
  });

  it('raises only Paperboy errors for a file of junk lines read as a JSON document', () => {
    const { junk } = generator(SEED + 2);
    for (let i = 0; i < 300; i++) {
      const text = `[${junk()}${junk()}]`;
      try {
        parseImport(text, '.json');
      } catch (error) {
        expect(isPaperboyError(error), `${JSON.stringify(text)}: ${String(error)}`).toBe(true);
      }
    }
  });
});

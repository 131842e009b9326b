import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { CommandContext, CommandServices } from '../../../src/interactions/types.ts';
import { openDatabase } from '../../../src/library/database.ts';
import { createLibrary } from '../../../src/library/library.ts';
import { createReadingList } from '../../../src/library/reading-list.ts';
import type { Library } from '../../../src/library/types.ts';
import type { Llm } from '../../../src/llm/types.ts';
import { silentLogger } from '../../../src/log.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import type { Search, SearchOptions } from '../../../src/search/types.ts';

export const NOW = Date.parse('2025-03-10T12:00:00Z');

export interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A real in-memory library with the given papers. */
export function makeLibrary(papers: readonly Paper[] = []): Library {
  const log = silentLogger();
  const library = createLibrary({ db: openDatabase(':memory:', { log }), clock: fixedClock(), log });
  library.upsert(papers);
  return library;
}

export function fixedClock() {
  return { now: () => NOW, sleep: async () => {} };
}

/** Search over the library only (the real search service fuses live sources too). */
export function librarySearch(library: Library): Search & { calls: Array<{ query: string; options: SearchOptions }> } {
  const calls: Array<{ query: string; options: SearchOptions }> = [];
  return {
    calls,
    async search(query, options) {
      calls.push({ query, options });
      const offset = options.offset ?? 0;
      const all = await library.search(query, { limit: 100 });
      const hits = all.slice(offset, offset + options.limit);
      // Like the real search: `total` counts the hits beyond this page.
      return { query, hits, total: Math.max(0, all.length - offset - hits.length), notices: [] };
    },
    async similar(paper, options) {
      const hits = (await library.search(paper.title, { limit: options.limit + 1 })).filter(
        (hit) => hit.paper.id !== paper.id,
      );
      return {
        query: paper.title,
        hits: hits.slice(0, options.limit),
        total: Math.max(0, hits.length - options.limit),
        notices: [],
      };
    },
  };
}

/** An Llm that records its calls and answers with fixed, recognisable text. */
export function recordingLlm(): Llm & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    configured: false,
    async summarize(paper, options) {
      calls.push(`summarize ${paper.id} ${options.style} ${options.language}${options.refresh ? ' refresh' : ''}`);
      return {
        tldr: `TLDR of ${paper.title}`,
        keyPoints: ['point one'],
        method: 'the method',
        results: 'the results',
        limitations: 'the limitations',
        unverifiedNumbers: [],
        style: options.style,
        language: options.language,
        generator: { kind: 'extractive', reason: 'not-configured' },
      };
    },
    async compare(papers) {
      calls.push(`compare ${papers.map((p) => p.id).join(' ')}`);
      return {
        paperIds: papers.map((p) => p.id),
        rows: [{ aspect: 'method', cells: papers.map((p) => `method of ${p.title}`) }],
        verdict: 'both fine',
        generator: { kind: 'extractive', reason: 'not-configured' },
      };
    },
    async ask(question, papers) {
      calls.push(`ask ${question} ${papers.map((p) => p.id).join(' ')}`);
      return {
        text: 'An answer [1].',
        citations: papers[0] ? [{ n: 1, paperId: papers[0].id }] : [],
        answered: true,
        generator: { kind: 'extractive', reason: 'not-configured' },
      };
    },
    async askPaper(question, paper, passages) {
      calls.push(`askPaper ${question} ${paper.id} ${passages.map((p) => p.section).join(' | ')}`);
      return {
        text: 'An answer [1].',
        citations: passages[0] ? [{ n: 1, paperId: paper.id, section: passages[0].section }] : [],
        answered: true,
        generator: { kind: 'extractive', reason: 'not-configured' },
      };
    },
    async tldr(paper) {
      return paper.title;
    },
  };
}

/** A pino logger whose records land in `records`, to check what was logged. */
export function recordingLogger() {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      records.push(JSON.parse(String(chunk)) as LogRecord);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), records };
}

export interface TestContextOptions {
  readonly papers?: readonly Paper[];
  readonly services?: Partial<CommandServices>;
}

/** A CommandContext on a real in-memory library, library-only search and a recording Llm. */
export function makeContext(options: TestContextOptions = {}) {
  const library = options.services?.library ?? makeLibrary(options.papers);
  const search = librarySearch(library);
  const llm = recordingLlm();
  const { log, records } = recordingLogger();
  let ids = 0;
  const ctx: CommandContext = {
    user: { id: 'u1', name: 'Ada' },
    guildId: 'g1',
    locale: 'en-US',
    log,
    clock: fixedClock(),
    services: {
      library,
      search,
      llm,
      readingList: createReadingList({ db: openDatabase(':memory:', { log: silentLogger() }), clock: fixedClock() }),
      cache: {
        kind: 'sqlite',
        stats: () => ({
          llm: { hits: 3, misses: 1 },
          sources: { hits: 0, misses: 0 },
          search: { hits: 0, misses: 0 },
          embeddings: { hits: 0, misses: 0 },
          components: { hits: 0, misses: 0 },
        }),
      },
      ...options.services,
    },
    newId: () => `err-${++ids}`,
  };
  return { ctx, library, search, llm, records };
}

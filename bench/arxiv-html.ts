// /ask in a Discuss thread on a long paper: the cost of reading arXiv's HTML (parse + stems, once
// per version, then cached) and of each question's passage search, and the longest time the event
// loop is held meanwhile (DESIGN.md: no synchronous work over a few milliseconds on it).
// Run: node bench/arxiv-html.ts [megabytes]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createCache } from '../src/cache/create-cache.ts';
import { silentLogger } from '../src/log.ts';
import { searchPassages } from '../src/search/passage-search.ts';
import { createArxivHtmlSource } from '../src/sources/arxiv-html.ts';
import type { HttpClient } from '../src/sources/http.ts';

const MEGABYTES = Number(process.argv[2] ?? 2);
const QUESTIONS = [
  'What F1 score does the system achieve compared to Paralex?',
  'How are words represented with letter trigrams?',
  'Which knowledge bases do semantic parsers target?',
];

// The recorded page's sections, repeated to the size of a long paper.
const fixture = JSON.parse(
  readFileSync(new URL('../test/fixtures/arxiv-html/1406.1001.json', import.meta.url), 'utf8'),
);
const page: string = fixture.body;
const body = page.slice(page.indexOf('<div class="ltx_section"'), page.lastIndexOf('</div>\n    </div>'));
const html = `<div class="ltx_page_main">${body.repeat(Math.max(1, Math.round((MEGABYTES * 1e6) / body.length)))}</div>`;

const http: HttpClient = {
  service: 'arxiv',
  request: async () => ({ status: 200, headers: new Headers(), text: html }),
  json: async () => ({}),
  noteFailure: () => {},
  skippedUntil: () => undefined,
};
const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-html-'));
const cache = await createCache({ url: undefined, dataDir, log: silentLogger() });
try {
  const source = createArxivHtmlSource({ htmlUrl: 'https://arxiv.org/html', http, cache, log: silentLogger() });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  const result = await source.fullText({ id: 'arxiv:1406.1001', version: 1 });
  const readMs = performance.now() - started;
  loop.disable();
  if (result.kind !== 'found') throw new Error(`the page was not read: ${result.reason}`);
  const passages = result.sections.flatMap((s) => s.paragraphs.map((p) => ({ section: s.title, ...p })));
  const cachedStart = performance.now();
  await source.fullText({ id: 'arxiv:1406.1001', version: 1 });
  const cachedMs = performance.now() - cachedStart;
  const searchMs = QUESTIONS.map((question) => {
    const t0 = performance.now();
    searchPassages(question, passages, 6);
    return performance.now() - t0;
  });
  const maxBlockMs = loop.max / 1e6;
  console.log(`page: ${(html.length / 1e6).toFixed(2)} MB, ${passages.length} passages kept`);
  console.log(`first read (parse + stems, then cached): ${readMs.toFixed(0)} ms`);
  console.log(`cached read: ${cachedMs.toFixed(1)} ms`);
  console.log(`passage search per question: ${searchMs.map((ms) => ms.toFixed(1)).join(', ')} ms`);
  console.log(`longest event-loop block during the first read: ${maxBlockMs.toFixed(1)} ms`);
  console.log(
    `arxiv-html: read_ms=${readMs.toFixed(0)} search_ms=${Math.max(...searchMs).toFixed(1)} max_block_ms=${maxBlockMs.toFixed(1)}`,
  );
} finally {
  await cache.close();
  rmSync(dataDir, { recursive: true, force: true });
}

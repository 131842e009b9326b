import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { chatTranscript } from '../support/chat-transcript.ts';

// The README's chat examples (Quick start and Commands), run as a new user runs them: the local
// chat on the bundled sample, offline, with no LLM. Each must answer, not fail: the papers they
// name are in the sample (assets/sample/arxiv-ids.json gives them their arXiv ids). Keep this list
// and the README's examples the same.
const SESSION = [
  'self-learning agents for code',
  's 1',
  '/summarize paper: 2410.16128 style: eli5',
  '/ask question: How do language models learn to pick reasoning strategies?',
];
const COMMANDS: ReadonlyArray<readonly [line: string, shows: string]> = [
  ['/papers query: self-supervised speech since: any limit: 5', 'TERA: Self-Supervised Learning of Transformer'],
  [
    '/summarize paper: https://arxiv.org/abs/2310.11511v2 style: bullets language: de',
    'Summary (bullets, English — no language model to translate)',
  ],
  ['/compare papers: 2410.16128 2504.13941, 2502.03283', 'Comparison of 3 papers'],
  ['/ask question: Which methods reduce factual errors with retrieval?', 'Self-RAG'],
  ['/paper id: https://huggingface.co/papers/2103.03230', 'Jure Zbontar'],
];
// The README's `/digest subscribe …` example is Discord's alone: the chat answers it by pointing to
// `paperboy digest preview` (test/integration/terminal-chat.test.ts), so it is not run here.

/** What the chat printed for `lines`, line breaks as spaces (it wraps to the terminal's width). */
async function chat(lines: readonly string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-readme-'));
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' }), { log: silentLogger() });
  onTestFinished(() => app.close());
  return (await chatTranscript(app, lines)).replace(/\s+/g, ' ');
}

describe("the README's chat examples on the bundled sample, offline", () => {
  it('are the lines the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const shown = [...SESSION.map((line) => `paperboy> ${line}`), ...COMMANDS.map(([line]) => line)];
    const missing = shown.filter((line) => !readme.includes(line));
    expect(missing).toEqual([]);
  });

  it('runs the Quick start session: a search, a summary of result 1, a summary by id and a question', async () => {
    const transcript = await chat(SESSION);
    expect(transcript).not.toMatch(/Error:|\(ref /);
    expect(transcript).toContain('Papers for “self-learning agents for code”');
    expect(transcript).toContain('SMART: Self-learning Meta-strategy Agent for Reasoning Tasks');
    expect(transcript).toContain('Summary (eli5, en)');
    expect(transcript).toMatch(/\[1\] .*SMART/);
  });

  it.each(COMMANDS)('answers %s', async (line, shows) => {
    const transcript = await chat([line]);
    expect(transcript).not.toMatch(/Error:|\(ref /);
    expect(transcript).toContain(shows);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { chatTranscript } from '../support/chat-transcript.ts';

/** Runs the chat on a fresh offline app (no LLM) with `lines` typed in, and returns everything it printed. */
async function chat(lines: readonly string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-chat-'));
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true' }), { log: silentLogger() });
  onTestFinished(() => app.close());
  return chatTranscript(app, lines);
}

/** The output printed for the n-th input line (0-based), split at blank-line-terminated blocks. */
function blocks(transcript: string): string[] {
  return transcript.split(/\n\n(?=\S)/);
}

describe('startChat', () => {
  it('loads the sample library on first run and greets without an LLM', async () => {
    const transcript = await chat([]);
    expect(transcript.split('\n').slice(0, 2)).toEqual([
      'Loaded 57 sample papers into the library (a Hugging Face search for "self-learning").',
      'Paperboy local chat — 57 papers in the library; no LLM configured: summaries are extractive.',
    ]);
    expect(transcript.trimEnd().endsWith('Bye.')).toBe(true);
  });

  it('searches with plain text and numbers the actions', async () => {
    const transcript = await chat(['self-supervised speech']);
    expect(transcript).toContain('Papers for “self-supervised speech”');
    expect(transcript).toContain('TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech');
    expect(transcript).toContain('[1] Next page');
    expect(transcript).toContain('[2] Summarize… — type 2 and a result number, e.g. 2 1');
    expect(transcript).toContain('[3] Compare… — type 3 and 2–5 result numbers, e.g. 3 1 2');
  });

  it('shows the next page when its number is typed', async () => {
    const transcript = await chat(['/papers query: self-supervised learning limit: 3', '1']);
    expect(transcript).toContain('Page 1 · more results');
    expect(transcript).toContain('Papers for “self-supervised learning” (page 2)');
    expect(transcript).toContain('[1] Previous page');
  });

  it('summarizes a result picked by number, labelled as extractive', async () => {
    const transcript = await chat(['speech representation', '2 1']);
    const summary = blocks(transcript).find((block) => block.includes('Summary (tldr, en)'));
    expect(summary).toContain('extractive summary — no LLM configured');
    expect(transcript).toContain('TL;DR: ');
    expect(transcript).toContain('[1] Regenerate');
    expect(transcript).toContain('[2] Similar papers');
  });

  it('runs /summarize with options', async () => {
    const transcript = await chat([
      '/summarize paper: TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech style: eli5',
    ]);
    expect(transcript).toContain('TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech');
    expect(transcript).toContain('Summary (eli5, en) — extractive summary — no LLM configured');
  });

  it('compares results picked by number', async () => {
    const transcript = await chat(['self-supervised learning', '3 1 2']);
    expect(transcript).toContain('Comparison of 2 papers — extractive comparison — no LLM configured');
  });

  it('lists the commands on /help', async () => {
    const transcript = await chat(['/help']);
    expect(transcript).toContain('  /papers — Search for papers');
    expect(transcript).toContain('e.g. /summarize paper: 2401.12345 style: eli5');
    expect(transcript).toContain('/quit — leave the chat');
  });

  it('answers an unknown command with a hint', async () => {
    const transcript = await chat(['/dance']);
    expect(transcript).toContain('Unknown command /dance. Type /help for the list.');
  });

  it('shows an invalid option as an error with a reference', async () => {
    const transcript = await chat(['/papers query: x limit: 50']);
    expect(transcript).toContain('Error: /papers limit must be between 1 and 10. (ref ref-1)');
  });

  it('says what to type when a number picks nothing', async () => {
    const transcript = await chat(['7']);
    expect(transcript).toContain('Nothing to pick here. Run a command first');
  });

  it('stops reading at /quit', async () => {
    const transcript = await chat(['/quit', '/help']);
    expect(transcript).not.toContain('/papers — Search');
    expect(transcript.trimEnd().endsWith('Bye.')).toBe(true);
  });

  it('reads /digest subcommands and says digests need the bot', async () => {
    const transcript = await chat(['/digest list', '/digest', '/digest subscribe topics: RL']);
    expect(transcript).toContain('Digests are not available here (they need the Discord bot).');
    expect(transcript).toContain('/digest needs a subcommand: subscribe, unsubscribe, list, preview.');
    expect(transcript).toContain('/digest subscribe needs channel: Where to post');
  });
});

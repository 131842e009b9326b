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

describe('startChat', () => {
  it('loads the sample library on first run and greets without an LLM', async () => {
    const transcript = await chat([]);
    expect(transcript.split('\n').slice(0, 2)).toEqual([
      'Loaded 57 sample papers into the library (a Hugging Face search for "self-learning").',
      'Paperboy local chat — 57 papers in the library; no LLM configured: summaries are extractive.',
    ]);
    expect(transcript.trimEnd().endsWith('Bye.')).toBe(true);
  });

  it('searches with plain text and lists the action words', async () => {
    const transcript = await chat(['self-supervised speech']);
    expect(transcript).toContain('Papers for “self-supervised speech”');
    expect(transcript).toContain('TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech');
    expect(transcript).toContain('→ [s 1] summarize · [c 1 2] compare 2–5 · [save 1] save 1–5 · [n] next page');
  });

  it('pages with n and p, numbering on from the first page, and keeps the words', async () => {
    const transcript = await chat(['/papers query: self-supervised learning limit: 3', 'n', 'p']);
    const numbers = [...transcript.matchAll(/^ ?(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3]);
    expect(transcript).toContain('Page 1 · more results');
    expect(transcript).toContain('Papers for “self-supervised learning” (page 2)');
    expect(transcript).toContain(
      '→ [s 4] summarize · [c 4 5] compare 2–3 · [save 4] save 1–3 · [p] previous page · [n] next page',
    );
  });

  it('runs "Next page" typed out as the button, not as a search', async () => {
    const transcript = await chat(['/papers query: self-supervised learning limit: 3', 'Next page']);
    expect(transcript).toContain('Papers for “self-supervised learning” (page 2)');
    expect(transcript).not.toContain('Papers for “Next page”');
  });

  it('says so when the action typed is not offered, instead of searching for it', async () => {
    const transcript = await chat(['/papers query: TERA limit: 3', 'next page']);
    expect(transcript).toContain('“next page” is not offered here. Type [s 1] summarize');
    expect(transcript).not.toContain('Papers for “next page”');
  });

  it('summarizes a result by its number on the second page, labelled as extractive', async () => {
    const transcript = await chat(['/papers query: self-supervised learning limit: 3', 'n', 's 5']);
    const summary = transcript.slice(transcript.indexOf('\n\n', transcript.lastIndexOf('→ [s 4]')) + 2);
    const fifth = /^ 5\. (.+)$/m.exec(transcript)?.[1];
    expect(summary.split('\n')[0]).toBe(fifth);
    expect(summary).toContain('Summary (tldr, en) — extractive summary — no LLM configured');
    expect(summary).toContain('TL;DR: ');
    expect(summary).toContain('→ [r] regenerate · [similar] similar papers');
  });

  it("keeps the list's words after a summary, as its menus stay in Discord", async () => {
    const transcript = await chat(['self-supervised speech', 's 1', 's 2']);
    expect(transcript.match(/Summary \(tldr, en\)/g)).toHaveLength(2);
  });

  it('says which result numbers a page has', async () => {
    const transcript = await chat(['/papers query: self-supervised learning limit: 3', 'n', 's 1']);
    expect(transcript).toContain('Result numbers here go from 4 to 6.');
  });

  it('runs /summarize with options', async () => {
    const transcript = await chat([
      '/summarize paper: TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech style: eli5',
    ]);
    expect(transcript).toContain('TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech');
    expect(transcript).toContain('Summary (eli5, en) — extractive summary — no LLM configured');
  });

  it('compares results picked by number', async () => {
    const transcript = await chat(['self-supervised learning', 'c 1 2']);
    expect(transcript).toContain('Comparison of 2 papers — extractive comparison — no LLM configured');
  });

  it('lists the commands on /help', async () => {
    const transcript = await chat(['/help']);
    expect(transcript).toContain('  /papers — Search for papers');
    expect(transcript).toContain('e.g. /summarize paper: 2401.12345 style: eli5');
    expect(transcript).toContain('/quit — leave the chat');
    expect(transcript).toContain('  s, summarize — summarize result N (s 2)');
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
    expect(transcript).toContain('Nothing to pick from yet. Search first, e.g. speculative decoding');
  });

  it('says which word goes before numbers typed alone', async () => {
    const transcript = await chat(['self-supervised speech', '2']);
    expect(transcript).toContain('Put an action before the numbers: [s 1] summarize');
  });

  it('stops reading at /quit', async () => {
    const transcript = await chat(['/quit', '/help']);
    expect(transcript).not.toContain('/papers — Search');
    expect(transcript.trimEnd().endsWith('Bye.')).toBe(true);
  });

  it('reads /digest subcommands and says digests need the bot', async () => {
    const transcript = await chat(['/digest list', '/digest', '/digest subscribe topics: RL']);
    expect(transcript).toContain('Digests post through the Discord bot, so /digest does not work here.');
    expect(transcript).toContain('paperboy digest preview --topics "LLM reasoning, RL"');
    expect(transcript).toContain('/digest needs a subcommand: subscribe, unsubscribe, list, preview, tune, forget.');
    expect(transcript).toContain('/digest subscribe needs channel: Where to post');
  });
});

describe('the reading list in the chat', () => {
  it('saves the paper shown with "save" and prints the BibTeX export', async () => {
    const transcript = await chat(['/paper id: 2007.06028', 'save', '/reading list', '/reading export']);
    expect(transcript).toContain('✓ Saved to your reading list (1).');
    expect(transcript).toContain('Your reading list (1)');
    expect(transcript).toContain('--- reading-list.bib ---\n@misc{liu2020tera,\n');
    expect(transcript).toContain('  eprint = {2007.06028},\n  archivePrefix = {arXiv},\n');
  });

  it('removes a saved paper named by the start of its title, as the README shows', async () => {
    const transcript = (await chat(['/paper id: 2007.06028', 'save', '/reading remove paper: TERA'])).replace(
      /\s+/g,
      ' ',
    );
    expect(transcript).toContain(
      '✓ Removed “TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech” from your reading list (0 left).',
    );
  });
});

describe('/trending in the chat', () => {
  it('says live sources are off when OFFLINE=true, instead of blaming Hugging Face', async () => {
    const transcript = (await chat(['/trending period: week'])).replace(/\s+/g, ' ');
    expect(transcript).toContain(
      'Error: Trending papers come from Hugging Face, and live sources are off here (OFFLINE=true). (ref ref-1)',
    );
  });
});

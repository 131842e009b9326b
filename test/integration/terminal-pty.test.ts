import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HAS_SCRIPT, type PtySession, startPtySession, visibleText } from '../support/pty-session.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');
const COLUMNS = 80;
const PROMPT = 'paperboy> ';
// Live searches for this word never get an answer, so Ctrl-C has a running command to cancel.
const HANGING_QUERY = 'slowquery';

/**
 * Hugging Face and arXiv as an outage: 503 for everything (every search logs warnings, which must
 * not reach the screen), no answer at all for a search containing HANGING_QUERY.
 */
async function startOutage(): Promise<string> {
  const server = createServer((request, response) => {
    if (request.url?.includes(HANGING_QUERY)) return;
    response.writeHead(503).end('down');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  onTestFinished(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Types `line` and Enter, and resolves once the next prompt is up. */
async function enter(session: PtySession, line: string): Promise<void> {
  const mark = session.output().length;
  session.type(`${line}\r`);
  await session.waitFor(PROMPT, mark + line.length);
}

describe.skipIf(!HAS_SCRIPT)('the local chat in an 80-column pseudo-terminal', () => {
  it('searches, pages, summarizes, compares, asks and cancels with no log line, no broken word and no crash', async () => {
    const upstream = await startOutage();
    const home = mkdtempSync(join(tmpdir(), 'paperboy-pty-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const dataDir = join(home, 'data');
    const session = startPtySession({
      argv: [process.execPath, BIN, 'chat'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        TERM: 'xterm',
        PAPERBOY_DATA_DIR: dataDir,
        HF_BASE_URL: upstream,
        ARXIV_API_URL: `${upstream}/api/query`,
        ARXIV_MIN_INTERVAL_MS: '0',
      },
      columns: COLUMNS,
      rows: 40,
    });

    await session.waitFor(PROMPT);
    await enter(session, 'self-supervised speech');
    await enter(session, 'n');
    await enter(session, 's 6');
    await enter(session, 'c 6 7');
    await enter(session, '/ask question: How are speech representations learned?');

    const mark = session.output().length;
    session.type(`${HANGING_QUERY} speech\r`);
    // Wait until the search is under way (its request reached the outage), then press Ctrl-C.
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.type('\x03');
    const cancelled = await session.waitFor('Cancelled.', mark);
    await session.waitFor(PROMPT, cancelled);
    await enter(session, 'TERA');

    // Ctrl-C at an idle prompt warns once, a second leaves.
    const idle = session.output().length;
    session.type('\x03');
    await session.waitFor('press Ctrl-C again or type /quit', idle);
    session.type('\x03');
    expect(await session.exited()).toBe(0);

    const screen = visibleText(session.output());
    const lines = screen.split('\n');
    expect(screen).toContain('Papers for “self-supervised speech”');
    expect(lines.some((line) => line.startsWith(' 6. '))).toBe(true);
    expect(screen).toContain('Summary (tldr, en)');
    expect(screen).toContain('Comparison of 2 papers');
    expect(screen).toContain('Q: How are speech representations learned?');
    expect(screen).toContain('Papers for “TERA”');
    expect(screen.trimEnd().endsWith('Bye.')).toBe(true);

    // No log record, stack or Node error on the screen…
    for (const leak of ['"level":', 'migration applied', 'WARN', 'ERR_', 'readline was closed']) {
      expect(screen).not.toContain(leak);
    }
    expect(lines.filter((line) => /^\s+at \S/.test(line))).toEqual([]);
    // …they went to the log file, which the greeting names.
    const logFile = join(dataDir, 'paperboy.log');
    expect(screen).toContain(`Logs go to ${logFile}.`);
    expect(existsSync(logFile) && readFileSync(logFile, 'utf8')).toContain('"level":40');

    // No broken word: only a single word longer than the screen (a link) may pass the edge.
    const tooWide = lines.filter((line) => [...line].length > COLUMNS && /\s\S/.test(line.trim()));
    expect(tooWide).toEqual([]);
  }, 20_000);

  it('shows the progress of a long ingest on the terminal, then clears it for the result', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperboy-pty-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const file = join(home, 'corpus.jsonl');
    const words = 'draft model verify token speculative decoding batch latency'.split(' ');
    const records = Array.from({ length: 6000 }, (_, i) =>
      JSON.stringify({ _id: `doc${i}`, title: `Paper ${i} on ${words[i % words.length]}`, text: words.join(' ') }),
    );
    writeFileSync(file, records.join('\n'));
    const session = startPtySession({
      argv: [process.execPath, BIN, 'ingest', '--file', file],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        TERM: 'xterm',
        PAPERBOY_DATA_DIR: join(home, 'data'),
        OFFLINE: 'true',
      },
      columns: COLUMNS,
      rows: 40,
    });
    expect(await session.exited()).toBe(0);
    const raw = session.output();
    // Redrawn in place (carriage return, clear to the end of the line), with counts and a rate.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that clears the line is the point.
    expect(raw).toMatch(/\rfile \(jsonl\): [\d,]+\/6,000 papers \(\d+%\) · [\d,]+ papers\/s · (ETA )?\d+ s\u001b\[K/);
    expect(visibleText(raw).trim().split('\n').at(-1)).toBe(
      'file (jsonl): 6000 papers, 6000 inserted, 0 updated, 0 unchanged',
    );
  });
});

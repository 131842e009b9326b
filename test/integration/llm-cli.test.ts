import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startFakeOpenAI } from '../support/fake-openai.ts';

const BIN = resolve(import.meta.dirname, '../../bin/paperboy.js');

/** Runs the real bin without blocking this process, so the fake server in it can answer. */
function paperboy(args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'paperboy-llm-cli-'));
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'warn', OFFLINE: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('paperboy LLM commands', () => {
  it('stats prints zeroed persisted counters as JSON on a fresh data directory', async () => {
    const { status, stdout } = await paperboy(['stats', '--json'], {});

    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      'llm.calls': 0,
      'llm.prompt_tokens': 0,
      'llm.completion_tokens': 0,
      'llm.cache_hits': 0,
      'llm.cache_misses': 0,
      'llm.fallbacks': 0,
    });
  });

  it('ask with an empty library answers not answered without asking the model to answer', async () => {
    const fake = await startFakeOpenAI();
    onTestFinished(() => fake.close());

    const { status, stdout } = await paperboy(['ask', 'What is speculative decoding?', '--json'], {
      OPENAI_BASE_URL: fake.baseURL,
    });

    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ papers: [], answer: { answered: false, citations: [] } });
    // Only the question's rewrite into a search query (issue 5) reached the model, no answer request.
    expect(
      fake.chatRequests().map((r) => r.response_format?.type === 'json_schema' && r.response_format.json_schema.name),
    ).toEqual(['search_query']);
  });

  it('summarize names an unknown paper and exits 1', async () => {
    const { status, stderr } = await paperboy(['summarize', 'local:nothing-here'], {});

    expect(status).toBe(1);
    expect(stderr).toContain('No paper matches that id, URL or title.');
  });
});

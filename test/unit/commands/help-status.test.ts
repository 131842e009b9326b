import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as help from '../../../commands/help.ts';
import * as status from '../../../commands/status.ts';

import { runCommand } from '../../../src/interactions/run-command.ts';
import type { CommandSources } from '../../../src/interactions/types.ts';
import type { Llm, LlmDescription } from '../../../src/llm/types.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext, recordingLlm } from './command-context.ts';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('help.handle', () => {
  it('lists every command with an example', async () => {
    const { ctx } = makeContext();
    const view = await runCommand(help, {}, ctx);
    expect(view.kind === 'help' && view.commands.map((c) => c.name)).toEqual([
      'papers',
      'summarize',
      'compare',
      'ask',
      'paper',
      'digest',
      'reading',
      'trending',
      'status',
      'help',
      'Find related papers',
    ]);
  });
});

describe('status.handle', () => {
  it('reports each source, the LLM, the library, the cache and the version', async () => {
    const sources: CommandSources = {
      lookup: async () => undefined,
      status: () => ({
        arxiv: { lastSuccess: '2025-03-10T11:00:00.000Z' },
        huggingface: {
          lastSuccess: '2025-03-10T09:00:00.000Z',
          lastError: '2025-03-10T10:00:00.000Z fetch failed: ECONNRESET',
        },
        semanticscholar: {},
      }),
    };
    const { ctx } = makeContext({ papers: [makePaper()], services: { sources } });
    expect(await runCommand(status, {}, ctx)).toEqual({
      kind: 'status',
      version,
      entries: [
        { name: 'arXiv', ok: true, detail: 'last success 2025-03-10T11:00:00.000Z' },
        {
          name: 'Hugging Face',
          ok: false,
          detail: 'last success 2025-03-10T09:00:00.000Z; last failure 2025-03-10T10:00:00.000Z',
        },
        { name: 'Semantic Scholar', ok: true, detail: 'not asked yet' },
        { name: 'Language model', ok: true, detail: 'not configured: extractive summaries (no LLM)' },
        { name: 'Library', ok: true, detail: '1 papers' },
        { name: 'Cache', ok: true, detail: 'sqlite: 3 hits, 1 misses (75% hits)' },
      ],
    });
  });

  it('shows sources turned off by OFFLINE=true as off, not as failing', async () => {
    const entries = await sourceEntries({ huggingface: { mode: 'offline' }, arxiv: { mode: 'offline' } });
    expect(entries).toEqual([
      { name: 'Hugging Face', ok: true, detail: 'off: OFFLINE=true (library only)' },
      { name: 'arXiv', ok: true, detail: 'off: OFFLINE=true (library only)' },
    ]);
  });

  it('shows a disabled Semantic Scholar as disabled, naming the variable', async () => {
    const entries = await sourceEntries({ semanticscholar: { mode: 'disabled' } });
    expect(entries).toEqual([
      { name: 'Semantic Scholar', ok: true, detail: 'disabled: SEMANTIC_SCHOLAR_ENABLED=false' },
    ]);
  });

  it('shows a source skipped after it could not be reached as degraded, with until when', async () => {
    const entries = await sourceEntries({
      huggingface: {
        lastError: '2025-03-10T10:00:00.000Z huggingface unavailable: ENOTFOUND (https://huggingface.co/api/papers)',
        skippedUntil: '2025-03-10T10:01:00.000Z',
      },
    });
    expect(entries).toEqual([
      {
        name: 'Hugging Face',
        ok: false,
        detail:
          'unreachable: skipped until 2025-03-10T10:01:00.000Z; no success yet; last failure 2025-03-10T10:00:00.000Z',
      },
    ]);
  });

  it('names the model per task and the endpoint host, degraded for a model the endpoint did not list', async () => {
    const entry = await llmEntry('api.openai.com', [
      { task: 'summarize', model: 'gpt-4o-mini', availability: 'found' },
      { task: 'compare', model: 'gpt-4o-mini', availability: 'found' },
      { task: 'ask', model: 'gpt-4o-maxi', availability: 'unknown' },
      { task: 'tldr', model: 'gpt-4o-mini', availability: 'found' },
    ]);
    expect(entry).toEqual({
      name: 'Language model',
      ok: false,
      detail:
        'gpt-4o-mini (summarize, compare, tldr), gpt-4o-maxi (ask) at api.openai.com; not listed by the endpoint: gpt-4o-maxi',
    });
  });

  it('says when the model list could not be read at start-up', async () => {
    const tasks = ['summarize', 'compare', 'ask', 'tldr'] as const;
    const entry = await llmEntry(
      '127.0.0.1:11434',
      tasks.map((task) => ({ task, model: 'llama3.1', availability: 'unchecked' })),
    );
    expect(entry).toEqual({
      name: 'Language model',
      ok: true,
      detail: 'llama3.1 at 127.0.0.1:11434; unchecked: no model list at start-up',
    });
  });

  it("shows the bot's event-loop delay, degraded when it held up the loop", async () => {
    const entry = async (maxMs: number) => {
      const { ctx } = makeContext({ services: { eventLoop: () => ({ p50Ms: 1.2, p99Ms: 8, maxMs }) } });
      const view = await runCommand(status, {}, ctx);
      return view.kind === 'status' ? view.entries.find((e) => e.name === 'Event loop') : undefined;
    };
    expect(await entry(12)).toEqual({ name: 'Event loop', ok: true, detail: 'delay p50 1.2 ms, p99 8 ms, max 12 ms' });
    expect((await entry(900))?.ok).toBe(false);
  });

  it('says when there are no live sources', async () => {
    const { ctx } = makeContext();
    const view = await runCommand(status, {}, ctx);
    expect(view.kind === 'status' && view.entries[0]).toEqual({
      name: 'Sources',
      ok: false,
      detail: 'not configured (library only)',
    });
  });
});

/** The Language model entry of /status for an Llm that describes itself with `endpoint` and `models`. */
async function llmEntry(endpoint: string, models: Extract<LlmDescription, { configured: true }>['models']) {
  const llm: Llm = { ...recordingLlm(), configured: true, describe: () => ({ configured: true, endpoint, models }) };
  const { ctx } = makeContext({ services: { llm } });
  const view = await runCommand(status, {}, ctx);
  return view.kind === 'status' ? view.entries.find((e) => e.name === 'Language model') : undefined;
}

/** The source entries of /status for a `sources.status()` answer. */
async function sourceEntries(report: unknown) {
  const sources: CommandSources = { lookup: async () => undefined, status: () => report };
  const { ctx } = makeContext({ services: { sources } });
  const view = await runCommand(status, {}, ctx);
  return view.kind === 'status'
    ? view.entries.filter((e) => !['Language model', 'Library', 'Cache'].includes(e.name))
    : [];
}

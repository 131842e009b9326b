import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as help from '../../../commands/help.ts';
import * as status from '../../../commands/status.ts';
import { runCommand } from '../../../src/interactions/run-command.ts';
import type { CommandSources } from '../../../src/interactions/types.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

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
        { name: 'Semantic Scholar', ok: true, detail: 'no success yet' },
        { name: 'Language model', ok: true, detail: 'not configured: extractive summaries (no LLM)' },
        { name: 'Library', ok: true, detail: '1 papers' },
        { name: 'Cache', ok: true, detail: 'sqlite: 3 hits, 1 misses (75% hits)' },
      ],
    });
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

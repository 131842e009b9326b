import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config.ts';
import { parseSubscriptionInput } from '../../../src/digest/validate-subscription.ts';
import { UpstreamError } from '../../../src/errors/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';
import { freshPostgresDatabase, postgresUrl } from '../../support/postgres.ts';
import { startSilentServer } from '../../support/redis-server.ts';

const GUILD = '1100000000000000100';
const CHANNEL = '1100000000000000200';
const clock = createFakeClock({ start: Date.UTC(2025, 2, 31, 9) });

/** A node: the real app on its own data directory, with DATABASE_URL. */
async function node(databaseUrl: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-node-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true', DATABASE_URL: databaseUrl }), {
    log: silentLogger(),
    clock,
    mode: 'one-shot',
  });
  onTestFinished(() => app.close());
  return app;
}

describe.skipIf(!postgresUrl)('the app with DATABASE_URL', () => {
  it('shares subscriptions, app state and usage counters between nodes, each with its own library', async () => {
    const url = await freshPostgresDatabase();
    const [a, b] = [await node(url), await node(url)];
    await a.digest.subscriptions.subscribe({
      guildId: GUILD,
      channelId: CHANNEL,
      createdBy: 'u1',
      settings: parseSubscriptionInput({ topics: 'reasoning' }),
    });
    await a.appState.set('discord.commands.global', 'hash-1');
    await a.llmUsage.add({ 'llm.calls': 2 });
    await b.llmUsage.add({ 'llm.calls': 1 });

    expect((await b.digest.list(GUILD)).map((s) => s.channelId)).toEqual([CHANNEL]);
    expect(await b.appState.get('discord.commands.global')).toBe('hash-1');
    expect((await b.llmUsage.read())['llm.calls']).toBe(3);
    // The library stays each node's own SQLite replica.
    a.library.upsert([makePaper({ id: 'arxiv:2501.00001', title: 'Only on node A' })]);
    expect(a.library.get('arxiv:2501.00001')?.title).toBe('Only on node A');
    expect(b.library.get('arxiv:2501.00001')).toBeUndefined();
    // Nothing of the shared state went into the node's SQLite file.
    expect(b.db.prepare('SELECT count(*) AS n FROM subscriptions').get()).toEqual({ n: 0 });
  });
});

describe('the app with an unreachable DATABASE_URL', () => {
  it('fails start-up naming the server, and leaves nothing open', async () => {
    const silent = await startSilentServer();
    const port = new URL(silent.url).port;
    await silent.close();
    const failed = await node(`postgres://paperboy:n0t-this-pa55@127.0.0.1:${port}/paperboy`).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UpstreamError);
    expect((failed as Error).message).toMatch(
      new RegExp(`^postgres unavailable: cannot reach 127\\.0\\.0\\.1:${port}/paperboy`),
    );
    expect((failed as Error).message).not.toContain('n0t-this-pa55');
  });
});

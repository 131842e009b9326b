// A process that posts one digest, for tests that kill it mid-post or run two at once:
//   node test/support/digest-child.ts <dataDir> <discordApiUrl> <channelId> <YYYY-MM-DD>
// It wires the digest service as `paperboy digest run` does (the shared SQLite file, database
// leases, discord.js's REST client), with fixed candidate papers instead of the live sources so
// that the digest's content does not depend on the day. Prints the outcome as one JSON line;
// exits 1 when the digest was not posted.
import { join } from 'node:path';
import { systemClock } from '../../src/clock.ts';
import { createDigestService, type DigestServiceDeps } from '../../src/digest/digest-service.ts';
import type { DigestSources } from '../../src/digest/types.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { UserInputError } from '../../src/errors/index.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { makePaper } from './builders.ts';
import { FAKE_BOT_TOKEN } from './fake-discord/fixture.ts';

export const DIGEST_CHILD = new URL('./digest-child.ts', import.meta.url).pathname;

/** The candidates every child sees: two papers on reasoning. */
export const CHILD_PAPERS = [
  makePaper({
    id: 'arxiv:2409.12183',
    title: 'To CoT or not to CoT? Chain-of-thought helps mainly on symbolic reasoning',
    abstract: 'Chain-of-thought helps on math and symbolic reasoning.',
    upvotes: 36,
  }),
  makePaper({
    id: 'arxiv:2409.12190',
    title: 'Reasoning in small language models',
    abstract: 'Small models reason too.',
    upvotes: 12,
  }),
];

/**
 * The digest service's dependencies in a child: the data directory's SQLite file, the system
 * clock, no log, and `papers` as the only candidates, listed an hour ago (inside the window of a
 * first digest due now), with one-line TL;DRs.
 */
export function childServiceDeps(dataDir: string, papers: readonly Paper[]) {
  const log = silentLogger();
  const db = openDatabase(join(dataDir, 'paperboy.sqlite'), { log });
  const listedAt = new Date(Date.now() - 3_600_000).toISOString();
  const sources: DigestSources = {
    huggingface: { listings: async () => papers.map((paper) => ({ paper, listedAt })) },
  };
  return {
    db,
    clock: systemClock,
    log,
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources,
    llm: { tldr: async (paper: Paper) => `${paper.title} in one line.` },
  } satisfies DigestServiceDeps;
}

async function main([dataDir, apiUrl, channelId, date]: string[]): Promise<void> {
  if (!dataDir || !apiUrl || !channelId || !date)
    throw new Error('usage: digest-child <dataDir> <apiUrl> <channel> <date>');
  const deps = childServiceDeps(dataDir, CHILD_PAPERS);
  const { db } = deps;
  const service = createDigestService(deps);
  try {
    const outcome = await service.runNow(channelId, {
      date,
      delivery: createDigestDelivery(createDiscordRest(apiUrl, FAKE_BOT_TOKEN)),
    });
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    if (outcome.kind !== 'done') process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    process.stdout.write(`${JSON.stringify({ kind: 'refused', reason: error.userMessage })}\n`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}

if (process.argv[1] === DIGEST_CHILD) await main(process.argv.slice(2));

// A process that posts one digest, for tests that kill it mid-post or run two at once:
//   node test/support/digest-child.ts <dataDir> <discordApiUrl> <channelId> <YYYY-MM-DD>
// It wires the digest service as `paperboy digest run` does (the shared SQLite file, database
// leases, discord.js's REST client), with fixed candidate papers instead of the live sources so
// that the digest's content does not depend on the day. Prints the outcome as one JSON line;
// exits 1 when the digest was not posted.
import { join } from 'node:path';
import { systemClock } from '../../src/clock.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import type { DigestSources } from '../../src/digest/types.ts';
import { createDiscordRest } from '../../src/discord/deploy.ts';
import { createDigestDelivery } from '../../src/discord/digest-channel.ts';
import { UserInputError } from '../../src/errors/index.ts';
import { openDatabase } from '../../src/library/database.ts';
import { silentLogger } from '../../src/log.ts';
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

async function main([dataDir, apiUrl, channelId, date]: string[]): Promise<void> {
  if (!dataDir || !apiUrl || !channelId || !date)
    throw new Error('usage: digest-child <dataDir> <apiUrl> <channel> <date>');
  const log = silentLogger();
  const db = openDatabase(join(dataDir, 'paperboy.sqlite'), { log });
  // Listed an hour ago: inside the window of a first digest due now.
  const listedAt = new Date(Date.now() - 3_600_000).toISOString();
  const sources: DigestSources = {
    huggingface: { listings: async () => CHILD_PAPERS.map((paper) => ({ paper, listedAt })) },
  };
  const service = createDigestService({
    db,
    clock: systemClock,
    log,
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources,
    llm: { tldr: async (paper) => `${paper.title} in one line.` },
  });
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

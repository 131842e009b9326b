import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createSubscriptionLearner, type DigestLearner } from '../../../src/digest/learning/learner.ts';
import type { VoteSimilarity } from '../../../src/digest/learning/vote-similarity.ts';
import { createDigestRunner, type DigestRunner } from '../../../src/digest/scheduling/run-digest.ts';
import { createDigestScheduler, type DigestScheduler } from '../../../src/digest/scheduling/scheduler.ts';
import { createDigestLedger, type DigestLedger } from '../../../src/digest/storage/ledger.ts';
import { createSubscriptionStore, type SubscriptionStore } from '../../../src/digest/storage/subscriptions.ts';
import type {
  DigestDelivery,
  DigestSources,
  FindPosted,
  Subscription,
  SubscriptionSettings,
} from '../../../src/digest/types.ts';
import { parseSubscriptionInput, type SubscriptionInput } from '../../../src/digest/validate-subscription.ts';
import { type DigestPayload, renderDigestMessage } from '../../../src/discord/render/digest.ts';
import { type Database, openDatabase } from '../../../src/library/database.ts';
import { type Logger, silentLogger } from '../../../src/log.ts';
import type { Paper } from '../../../src/papers/paper.ts';
import type { ListedPaper } from '../../../src/sources/listings.ts';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.ts';

export const GUILD = '1100000000000000100';
export const CHANNEL = '1100000000000000200';

export interface SentMessage {
  readonly channelId: string;
  readonly payload: DigestPayload;
  readonly messageId: string;
}

/**
 * A fake delivery: `post` records what was sent; `failWith` makes a later call throw the given
 * error. `findPosted` finds a sent message by its nonce, as the Discord side matches it.
 */
export interface FakePoster extends DigestDelivery {
  readonly sent: SentMessage[];
  /** Every findPosted call, in order. */
  readonly searches: Array<Parameters<FindPosted>[2]>;
  failWith(error: unknown, options?: { afterMessages?: number }): void;
}

export function fakePoster(): FakePoster {
  const sent: SentMessage[] = [];
  const searches: FakePoster['searches'] = [];
  let failure: { error: unknown; after: number } | undefined;
  let counter = 0;
  return {
    sent,
    searches,
    failWith(error, { afterMessages = 0 } = {}) {
      failure = { error, after: sent.length + afterMessages };
    },
    async findPosted(channelId, _message, search) {
      searches.push(search);
      const found = sent.find((m) => m.channelId === channelId && m.payload.nonce === search.nonce);
      return found ? { messageId: found.messageId } : undefined;
    },
    // Records what Discord would receive, rendered as the bot renders it.
    async post(channelId, message, nonce) {
      const payload = renderDigestMessage(message, nonce);
      if (failure && sent.length >= failure.after) {
        const { error } = failure;
        failure = undefined;
        throw error;
      }
      counter++;
      const messageId = `9${String(counter).padStart(18, '0')}`;
      sent.push({ channelId, payload, messageId });
      return { messageId };
    },
  };
}

/**
 * Sources answering from in-memory lists: HF listings per UTC date (each paper listed at the day's
 * 00:00 UTC) and the current RSS mailing; `down` makes a source throw.
 */
export interface FakeSources extends DigestSources {
  hf: Map<string, Paper[]>;
  rss: ListedPaper[];
  down: Set<'huggingface' | 'arxiv'>;
  calls: string[];
}

export function fakeSources(): FakeSources {
  const sources: FakeSources = {
    hf: new Map(),
    rss: [],
    down: new Set(),
    calls: [],
    huggingface: {
      async listings(date) {
        sources.calls.push(`hf:${date}`);
        if (sources.down.has('huggingface')) throw new Error('hf unavailable');
        return (sources.hf.get(date) ?? []).map((paper) => ({ paper, listedAt: `${date}T00:00:00.000Z` }));
      },
    },
    arxivRss: {
      async listings(categories) {
        sources.calls.push(`rss:${categories.join(',')}`);
        if (sources.down.has('arxiv')) throw new Error('rss unavailable');
        return sources.rss;
      },
    },
  };
  return sources;
}

export interface DigestHarness {
  readonly dir: string;
  readonly file: string;
  readonly db: Database;
  readonly clock: FakeClock;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: DigestLedger;
  readonly poster: FakePoster;
  readonly sources: FakeSources;
  readonly runner: DigestRunner;
  readonly scheduler: DigestScheduler;
  /** What subscriptions learn from votes, in the same file (the runner ranks with it). */
  readonly learner: DigestLearner;
  subscribe(input: Partial<SubscriptionInput>, channelId?: string): Promise<Subscription>;
  /** A second process on the same database file (a restart), sharing the clock, sources and poster unless given. */
  restart(overrides?: { poster?: FakePoster }): DigestHarness;
}

/** The digest services on a temporary SQLite file, removed when the test finishes. */
export function digestHarness(options: {
  start: number;
  graceHours?: number;
  whenEmpty?: 'notice' | 'silent';
  /** Where the runner and scheduler log; silent by default. */
  log?: Logger;
  /** Embedding similarity to the voted papers (a real client on the fake OpenAI); none by default. */
  voteSimilarity?: VoteSimilarity;
}): DigestHarness {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-'));
  const clock = createFakeClock({ start: options.start });
  const sources = fakeSources();
  const poster = fakePoster();
  const databases: Database[] = [];
  onTestFinished(() => {
    for (const db of databases) {
      // A test may have closed it already ("crash"); DatabaseSync.isOpen needs Node.js 22.15.
      try {
        db.close();
      } catch (error) {
        if (!(error instanceof Error && /not open/i.test(error.message))) throw error;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  let ids = 0;
  const build = (p: FakePoster): DigestHarness => {
    const log = options.log ?? silentLogger();
    const file = join(dir, 'paperboy.sqlite');
    const db = openDatabase(file, { log });
    databases.push(db);
    const subscriptions = createSubscriptionStore({ db, clock, newId: () => `sub-${++ids}` });
    const ledger = createDigestLedger({ db, clock });
    const learner = createSubscriptionLearner({ db, clock });
    const runner = createDigestRunner({
      learner,
      ...(options.voteSimilarity ? { voteSimilarity: options.voteSimilarity } : {}),
      subscriptions,
      ledger,
      sources,
      delivery: p,
      clock,
      log,
      whenEmpty: options.whenEmpty ?? 'notice',
      llm: { tldr: async (paper) => `TL;DR of ${paper.title}.` },
    });
    const scheduler = createDigestScheduler({
      subscriptions,
      ledger,
      runner,
      clock,
      log,
      graceHours: options.graceHours ?? 6,
    });
    return {
      dir,
      file,
      db,
      clock,
      subscriptions,
      ledger,
      poster: p,
      sources,
      runner,
      scheduler,
      learner,
      async subscribe(input, channelId = CHANNEL) {
        const settings: SubscriptionSettings = parseSubscriptionInput({ topics: 'LLM reasoning', ...input });
        return (await subscriptions.subscribe({ guildId: GUILD, channelId, createdBy: 'user-1', settings }))
          .subscription;
      },
      restart: (overrides) => build(overrides?.poster ?? p),
    };
  };
  return build(poster);
}

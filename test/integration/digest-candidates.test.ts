import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { candidateWindow } from '../../src/digest/planning/candidate-window.ts';
import { gatherCandidates } from '../../src/digest/planning/candidates.ts';
import { createLocalTime } from '../../src/digest/scheduling/local-time.ts';
import type { DigestDelivery, DigestSource } from '../../src/digest/types.ts';
import { parseSubscriptionInput } from '../../src/digest/validate-subscription.ts';
import { silentLogger } from '../../src/log.ts';
import { createFakeClock } from '../support/fake-clock.ts';
import { serveFeedsAsTheyStood, serveListingsAsTheyStood } from '../support/recorded-listings.ts';
import { startRecordedServer, startSourcesHarness } from '../support/recorded-server.ts';

const HOUR = 3_600_000;
const localTime = createLocalTime();

const SEPTEMBER = [
  'huggingface/daily-2024-09-18-p0',
  'huggingface/daily-2024-09-18-p1',
  'huggingface/daily-2024-09-18-p2',
  'huggingface/daily-2024-09-19-p0',
];
const SEPTEMBER_FEEDS = ['arxiv/rss-cs.LG+cs.CL', 'arxiv/rss-cs.LG+cs.CL-2024-09-20'];

/**
 * The real source clients against recorded listings, and a digest function: the candidates of a
 * digest due at `time` on `date` in `zone` (the last one on `since`, if any), gathered at the due
 * time or `late` ms after it.
 */
async function candidatesHarness(hf: readonly string[], feeds: readonly string[]) {
  const h = await startSourcesHarness({ ARXIV_MIN_INTERVAL_MS: '0' });
  serveListingsAsTheyStood(h.server, hf);
  serveFeedsAsTheyStood(h.server, feeds);
  const digest = async (options: {
    zone: string;
    date: string;
    time?: string;
    since?: string;
    source: DigestSource;
    late?: number;
  }): Promise<string[]> => {
    const time = options.time ?? '09:00';
    const due = localTime.toInstant(options.date, time, options.zone);
    const last = options.since ? localTime.toInstant(options.since, time, options.zone) : undefined;
    await h.clock.advance(due + (options.late ?? 0) - h.clock.now());
    const { papers, failures } = await gatherCandidates(
      { sources: h.sources, log: silentLogger() },
      { source: options.source, categories: ['cs.LG', 'cs.CL'] },
      candidateWindow(due, last),
    );
    expect(failures).toEqual([]);
    return papers.map((p) => p.id.replace('arxiv:', ''));
  };
  return { ...h, digest };
}

describe('gatherCandidates for a digest window (real HF and RSS clients, recorded listings on 127.0.0.1)', () => {
  it('gives a UTC+9 subscriber at 09:00 what was listed since its last digest, though its day has barely begun in UTC', async () => {
    const { digest } = await candidatesHarness(SEPTEMBER, []);
    const tokyo = { zone: 'Asia/Tokyo', source: 'huggingface' } as const;
    // 09:00 in Tokyo is 00:00 UTC: the HF listing for the local date is still empty then.
    expect(await digest({ ...tokyo, date: '2024-09-19' })).toEqual(['2409.11074']);
    // Qwen and CoT were listed on the 18th's page after the first digest fetched it (00:31 and 01:45 UTC).
    expect(await digest({ ...tokyo, date: '2024-09-20', since: '2024-09-19' })).toEqual([
      '2409.12186',
      '2409.12183',
      '2409.13001',
      '2409.13002',
    ]);
    expect(await digest({ ...tokyo, date: '2024-09-21', since: '2024-09-20' })).toEqual(['2409.13003']);
  });

  it('gives UTC+14 and UTC−10 subscribers at 09:00, one instant on two dates, the same candidates', async () => {
    const { digest } = await candidatesHarness(SEPTEMBER, SEPTEMBER_FEEDS);
    const kiritimati = await digest({ zone: 'Pacific/Kiritimati', date: '2024-09-20', source: 'both' });
    const honolulu = await digest({ zone: 'Pacific/Honolulu', date: '2024-09-19', source: 'both' });
    expect(kiritimati).toEqual(['2409.12186', '2409.12183', '2409.13001', '2409.12001', '2409.12002', '2409.11876']);
    expect(honolulu).toEqual(kiritimati);
  });

  it("keeps each arXiv mailing once for digests due between the 20:00 ET announcement and the feed's midnight rebuild", async () => {
    const { digest } = await candidatesHarness([], SEPTEMBER_FEEDS);
    // 10:00 in Tokyo is 21:00 EDT: Thursday's mailing is announced (Wed 20:00) but the feed, rebuilt
    // at midnight ET, still shows it until Friday's.
    const tokyo = { zone: 'Asia/Tokyo', time: '10:00', source: 'arxiv' } as const;
    expect(await digest({ ...tokyo, date: '2024-09-20', since: '2024-09-19' })).toEqual([
      '2409.12001',
      '2409.12002',
      '2409.11876',
    ]);
    expect(await digest({ ...tokyo, date: '2024-09-21', since: '2024-09-20' })).toEqual(['2409.13101', '2409.11074']);
  });

  it('does not serve a feed cached before the mailing it is due to show', async () => {
    const { digest, sources, clock } = await candidatesHarness([], SEPTEMBER_FEEDS);
    // 05:55 in Berlin, before Thursday's feed exists (00:00 EDT = 06:00 CEST): cached, and empty.
    await clock.advance(Date.parse('2024-09-19T03:55:00Z') - clock.now());
    expect((await sources.arxivRss.announcements(['cs.LG', 'cs.CL'])).papers).toEqual([]);
    expect(await digest({ zone: 'Europe/Berlin', date: '2024-09-19', time: '06:05', source: 'arxiv' })).toEqual([
      '2409.12001',
      '2409.12002',
      '2409.11876',
    ]);
  });

  it('takes the 25 hours between 09:00 on both sides of the October DST change in Europe/Berlin', async () => {
    const { digest } = await candidatesHarness(
      ['huggingface/daily-2024-10-26-p0', 'huggingface/daily-2024-10-27-p0'],
      [],
    );
    const berlin = { zone: 'Europe/Berlin', source: 'huggingface' } as const;
    // Saturday 09:00 CEST is 07:00 UTC; Sunday and Monday 09:00 CET are 08:00 UTC.
    expect(await digest({ ...berlin, date: '2024-10-26', since: '2024-10-25' })).toEqual(['2410.20001']);
    expect(await digest({ ...berlin, date: '2024-10-27', since: '2024-10-26' })).toEqual(['2410.20003', '2410.20002']);
    expect(await digest({ ...berlin, date: '2024-10-28', since: '2024-10-27' })).toEqual(['2410.20004']);
  });

  it('spans the weekend and the November DST change in America/New_York, leaving out what came after a late run was due', async () => {
    const { digest } = await candidatesHarness(
      ['huggingface/daily-2024-11-01-p0', 'huggingface/daily-2024-11-04-p0'],
      ['arxiv/rss-cs.LG+cs.CL-2024-11-01', 'arxiv/rss-cs.LG+cs.CL-2024-11-04'],
    );
    const newYork = { zone: 'America/New_York', source: 'both' } as const;
    // Friday 09:00 EDT is 13:00 UTC; Monday 09:00 EST is 14:00 UTC. Monday's run is an hour late
    // (a retry): 2411.00104, listed at 14:30 UTC, is Tuesday's.
    expect(await digest({ ...newYork, date: '2024-11-01' })).toEqual(['2411.00101', '2410.24001', '2410.24002']);
    expect(await digest({ ...newYork, date: '2024-11-04', since: '2024-11-01', late: HOUR })).toEqual([
      '2411.00102',
      '2411.00103',
      '2411.01001',
      '2411.01002',
    ]);
  });
});

describe('scheduled digests in UTC+9 (the app, its ledger and the real source clients)', () => {
  it('posts each day what was listed since the previous digest, and nothing posted before', async () => {
    const clock = createFakeClock({ start: Date.parse('2024-09-18T23:00:00Z') });
    const server = await startRecordedServer({ now: clock.now });
    serveListingsAsTheyStood(server, SEPTEMBER);
    serveFeedsAsTheyStood(server, SEPTEMBER_FEEDS);
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-digest-window-'));
    const app = await createApp(
      parseConfig({
        PAPERBOY_DATA_DIR: dataDir,
        HF_BASE_URL: server.url,
        ARXIV_RSS_URL: `${server.url}/rss`,
        ARXIV_MIN_INTERVAL_MS: '0',
        SOURCE_TIMEOUT_MS: '2000',
      }),
      { log: silentLogger(), clock },
    );
    onTestFinished(async () => {
      await app.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { subscription } = await app.digest.subscriptions.subscribe({
      guildId: '1100000000000000100',
      channelId: '1100000000000000200',
      createdBy: 'user-1',
      settings: parseSubscriptionInput({
        topics: 'reasoning',
        timezone: 'Asia/Tokyo',
        days: 'daily',
        source: 'both',
        categories: 'cs.LG,cs.CL',
        maxPapers: 10,
      }),
    });
    let sent = 0;
    const delivery: DigestDelivery = {
      post: async () => ({ messageId: String(1200000000000000000n + BigInt(++sent)) }),
      findPosted: async () => undefined,
    };
    const scheduler = app.digest.createScheduler(delivery);
    const postedOn = async (date: string): Promise<string[]> => {
      await clock.advance(localTime.toInstant(date, '09:00', 'Asia/Tokyo') - clock.now());
      await scheduler.tick();
      const run = await app.digest.ledger.getRun(subscription.id, date);
      expect(run?.status).toBe('done');
      return (run?.plan?.papers ?? []).map((p) => p.id.replace('arxiv:', '')).sort();
    };

    // Thursday 09:00 JST is 00:00 UTC: the 19th's HF page and Thursday's arXiv mailing are not out yet.
    expect(await postedOn('2024-09-19')).toEqual(['2409.11074']);
    expect(await postedOn('2024-09-20')).toEqual(['2409.12183', '2409.13001', '2409.13002']);
    // Friday's mailing cross-lists RoMath (v2), posted on Thursday.
    expect(await postedOn('2024-09-21')).toEqual(['2409.13003', '2409.13101']);
  });
});

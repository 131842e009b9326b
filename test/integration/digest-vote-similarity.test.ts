import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCache } from '../../src/cache/create-cache.ts';
import { parseConfig } from '../../src/config.ts';
import type { LearnedProfile } from '../../src/digest/learning/learned-scoring.ts';
import { createVoteSimilarity } from '../../src/digest/learning/vote-similarity.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { makePaper } from '../support/builders.ts';
import { startFakeOpenAI } from '../support/fake-openai.ts';
import { digestHarness } from '../unit/digest/digest-fixture.ts';

const HOUR = 3600_000;
const MONDAY = '2025-03-31';
const TUESDAY = '2025-04-01';

const paper = (id: string, title: string, abstract: string): Paper => makePaper({ id, title, abstract });
const LIKED = paper('arxiv:2503.00001', 'Speech recognition with self-supervised encoders', 'Acoustic frames.');
const DISLIKED = paper('arxiv:2503.00002', 'Galaxy cluster redshift surveys', 'Telescopes.');
// Candidates: one in the liked paper's words, one in the disliked paper's, one in neither.
const NEAR_LIKED = paper('arxiv:2504.00001', 'Encoders for speech recognition', 'Self-supervised speech.');
const NEAR_DISLIKED = paper('arxiv:2504.00002', 'Redshift of galaxy clusters', 'A cluster survey.');
const ELSEWHERE = paper('arxiv:2504.00003', 'Soil erosion on hillsides', 'Rain moves soil.');

function profileOf(liked: readonly Paper[], disliked: readonly Paper[]): LearnedProfile {
  const of = (p: Paper) => ({ paperId: p.id, title: p.title, features: {}, at: Date.UTC(2025, 2, 31) });
  return {
    model: { stage: 'profile', bias: 0, weights: {}, upvotes: liked.length, downvotes: disliked.length },
    liked: liked.map(of),
    disliked: disliked.map(of),
  };
}

async function embeddings() {
  const openai = await startFakeOpenAI();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-vote-similarity-'));
  const cache = await createCache({ url: undefined, dataDir: dir, log: silentLogger() });
  onTestFinished(async () => {
    await cache.close();
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = parseConfig({
    OPENAI_BASE_URL: openai.baseURL,
    LLM_MAX_RETRIES: '0',
    EMBEDDINGS_MODEL: 'text-embedding-3-small',
  });
  const records: Array<{ level: number; msg: string }> = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        records.push(JSON.parse(String(chunk)) as { level: number; msg: string });
        done();
      },
    }),
  );
  const similarity = createVoteSimilarity({ config: config.llm, cache, log });
  if (!similarity) throw new Error('EMBEDDINGS_MODEL is set: vote similarity should exist');
  return { openai, similarity, log, records };
}

describe('embedding similarity to the voted papers (real langchain client, fake OpenAI)', () => {
  it('scores a candidate worded like the 👍 paper above one worded like the 👎 paper', async () => {
    const { similarity, openai } = await embeddings();
    const scores = await similarity.scores(
      profileOf([LIKED], [DISLIKED]),
      [NEAR_LIKED, NEAR_DISLIKED, ELSEWHERE],
      Date.UTC(2025, 3, 1),
    );
    const near = scores.get(NEAR_LIKED.id) ?? Number.NaN;
    const elsewhere = scores.get(ELSEWHERE.id) ?? Number.NaN;
    const far = scores.get(NEAR_DISLIKED.id) ?? Number.NaN;
    expect(near).toBeGreaterThan(elsewhere);
    expect(elsewhere).toBeGreaterThan(far);
    // Voted papers by their titles, candidates as search embeds them: one request.
    expect(openai.embeddingRequests().map((r) => r.texts.slice(0, 2))).toEqual([[LIKED.title, DISLIKED.title]]);
  });

  it('has nothing to say before the first 👍, and asks the endpoint nothing', async () => {
    const { similarity, openai } = await embeddings();
    const scores = await similarity.scores(profileOf([], [DISLIKED]), [NEAR_LIKED], Date.UTC(2025, 3, 1));
    expect(scores.size).toBe(0);
    expect(openai.embeddingRequests()).toHaveLength(0);
  });

  it('a digest after votes asks for the voted titles with the candidates, and still posts when that fails', async () => {
    const { similarity, openai, log, records } = await embeddings();
    const h = digestHarness({ start: Date.UTC(2025, 2, 31, 8), voteSimilarity: similarity, log });
    const subscription = await h.subscribe({ topics: 'speech recognition', time: '09:00', maxPapers: 3 });
    h.sources.hf.set(MONDAY, [LIKED, DISLIKED]);
    await h.clock.advance(HOUR);
    await h.scheduler.tick();
    for (const [voted, value] of [
      [LIKED, 1],
      [DISLIKED, -1],
    ] as const) {
      await h.learner.recordVote({
        subscriptionId: subscription.id,
        userId: 'reader',
        paper: voted,
        value,
        previous: 0,
        at: h.clock.now(),
      });
    }
    h.sources.hf.set(TUESDAY, [ELSEWHERE, NEAR_DISLIKED, NEAR_LIKED]);
    openai.reset();
    openai.failNext({ status: 500, times: 10 });
    await h.clock.advance(24 * HOUR);
    await h.scheduler.tick();
    const plan = (await h.ledger.getRun(subscription.id, TUESDAY))?.plan;
    expect(plan?.papers[0]?.id).toBe(NEAR_LIKED.id);
    expect(records.some((r) => r.level === 40 && /without similarity to votes/.test(r.msg))).toBe(true);
    // The endpoint was asked for the voted titles with the day's candidates.
    expect(openai.embeddingRequests()[0]?.texts).toContain(LIKED.title);
  });
});

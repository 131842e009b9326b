import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCache } from '../../src/cache/create-cache.ts';
import { parseConfig } from '../../src/config.ts';
import { createDigestService } from '../../src/digest/digest-service.ts';
import { SIMILAR_MEANING } from '../../src/digest/planning/plan.ts';
import { createTopicSimilarity } from '../../src/digest/planning/topic-similarity.ts';
import { silentLogger } from '../../src/log.ts';
import { createEmbeddingRanker } from '../../src/search/embeddings.ts';
import { makePaper } from '../support/builders.ts';
import { embed, startFakeOpenAI } from '../support/fake-openai.ts';
import { CHANNEL, digestHarness } from '../unit/digest/digest-fixture.ts';

const DAY = '2025-03-31';

// Keyword matches: "decoding" among many other words, so their vectors point elsewhere.
const BRAIN = makePaper({
  id: 'arxiv:2503.00001',
  title: 'Decoding Brain Signals',
  abstract: 'We read decoding targets from fMRI recordings of twelve volunteers watching films.',
});
const CIPHERS = makePaper({
  id: 'arxiv:2503.00002',
  title: 'Ancient Ciphers',
  abstract:
    'Historians tried decoding medieval letters; we catalogue the scripts, inks, seals and archives of three centuries of diplomacy.',
});
// No topic word at all, but related wording (see the first test).
const SWIFT = makePaper({
  id: 'arxiv:2503.00003',
  title: 'Swift Generation',
  abstract: 'Drafts make generation swift.',
});
const PROTEINS = makePaper({ id: 'arxiv:2503.00004', title: 'Protein Folding', abstract: 'Structures of proteins.' });

interface LogRecord {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

async function setup({ embeddings = true } = {}) {
  const openai = await startFakeOpenAI();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-embeddings-'));
  const records: LogRecord[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        records.push(JSON.parse(String(chunk)) as LogRecord);
        done();
      },
    }),
  );
  const cache = await createCache({ url: undefined, dataDir: dir, log: silentLogger() });
  onTestFinished(async () => {
    await cache.close();
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = parseConfig({
    OPENAI_BASE_URL: openai.baseURL,
    LLM_MAX_RETRIES: '0',
    ...(embeddings ? { EMBEDDINGS_MODEL: 'text-embedding-3-small' } : {}),
  });
  const similarity = createTopicSimilarity({ config: config.llm, cache, log });
  const h = digestHarness({ start: Date.UTC(2025, 2, 31, 10, 0) });
  h.subscribe({ topics: 'decoding', time: '09:00', maxPapers: 2, source: 'huggingface' });
  h.sources.hf.set(DAY, [BRAIN, CIPHERS, SWIFT, PROTEINS]);
  const service = createDigestService({
    db: h.db,
    clock: h.clock,
    log,
    config: { graceHours: 6, whenEmpty: 'notice' },
    sources: h.sources,
    ...(similarity ? { similarity } : {}),
  });
  return { openai, cache, config, log, records, h, service };
}

describe('digest ranking with embeddings (fake OpenAI)', () => {
  it('ranks a paper matching the topic only by related wording higher than without embeddings', async () => {
    // The fake embeds a hashed bag of words, and "swift" lands in the same signed bucket as
    // "decoding": it stands in for a real model placing related wording close to the topic.
    expect(embed('swift', 64)).toEqual(embed('decoding', 64));
    const lexical = await (await setup({ embeddings: false })).service.preview(undefined, CHANNEL, DAY);
    const dense = await (await setup()).service.preview(undefined, CHANNEL, DAY);

    expect(lexical.plan.papers.map((p) => [p.id, p.matchedTerms])).toEqual([
      [BRAIN.id, ['decoding']],
      [CIPHERS.id, ['decoding']],
    ]);
    expect(dense.plan.papers.map((p) => [p.id, p.matchedTerms])).toEqual([
      [BRAIN.id, ['decoding']],
      [SWIFT.id, [SIMILAR_MEANING]],
    ]);
    expect(dense.plan.matched).toBe(3);
  });

  it('embeds the topic and each candidate once, then serves them from the cache', async () => {
    const { openai, service } = await setup();
    await service.preview(undefined, CHANNEL, DAY);
    await service.preview(undefined, CHANNEL, DAY);
    expect(openai.embeddingRequests().map((r) => r.texts.length)).toEqual([5]);
  });

  it('shares cached paper vectors with the search ranker', async () => {
    const { openai, cache, config, log, service } = await setup();
    await createEmbeddingRanker({ config: config.llm, cache, log })?.rank('decoding', [
      BRAIN,
      CIPHERS,
      SWIFT,
      PROTEINS,
    ]);
    await service.preview(undefined, CHANNEL, DAY);
    expect(openai.embeddingRequests().map((r) => r.texts.length)).toEqual([5]);
  });

  it('falls back to lexical ranking with a warning when the embeddings endpoint fails, and still posts', async () => {
    const { openai, records, h, service } = await setup();
    openai.failNext({ status: 500 });

    const outcome = await service.runNow(CHANNEL, { delivery: h.poster });

    expect(outcome).toEqual({ kind: 'done', posted: 2 });
    expect(h.poster.sent[1]?.payload.content).toContain('Decoding Brain Signals');
    expect(h.poster.sent[1]?.payload.content).toContain('Ancient Ciphers');
    expect(h.poster.sent[1]?.payload.content).not.toContain('Swift Generation');
    const warning = records.find((r) => r.msg === 'embeddings unavailable; digest ranked lexically');
    expect(warning).toMatchObject({ level: 40, localDate: DAY });
  });
});

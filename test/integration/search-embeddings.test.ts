import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createCache } from '../../src/cache/create-cache.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createEmbeddingRanker } from '../../src/search/embeddings.ts';
import { makePaper } from '../support/builders.ts';
import { startFakeOpenAI } from '../support/fake-openai.ts';

async function setup() {
  const openai = await startFakeOpenAI();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-embeddings-'));
  const log = silentLogger();
  const cache = await createCache({ url: undefined, dataDir: dir, log });
  onTestFinished(async () => {
    await cache.close();
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = parseConfig({
    OPENAI_BASE_URL: openai.baseURL,
    EMBEDDINGS_MODEL: 'text-embedding-3-small',
    LLM_MAX_RETRIES: '0',
  });
  return { openai, ranker: createEmbeddingRanker({ config: config.llm, cache, log }) };
}

const PASTA = makePaper({ id: 'arxiv:1', title: 'Cooking pasta', abstract: 'Boil water with salt and pasta.' });
const DECODING = makePaper({ id: 'arxiv:2', title: 'Speculative decoding', abstract: 'Draft tokens verified fast.' });

describe('createEmbeddingRanker', () => {
  it('is off when no embeddings model is configured', () => {
    const config = parseConfig({});
    expect(createEmbeddingRanker({ config: config.llm, cache: {} as never, log: silentLogger() })).toBeUndefined();
  });

  it('ranks the paper closest to the query first', async () => {
    const { ranker } = await setup();
    expect(await ranker?.rank('speculative decoding draft tokens', [PASTA, DECODING])).toEqual(['arxiv:2', 'arxiv:1']);
  });

  it('embeds a paper once and serves it from the cache afterwards', async () => {
    const { ranker, openai } = await setup();
    await ranker?.rank('pasta', [PASTA, DECODING]);
    await ranker?.rank('decoding', [PASTA, DECODING]);
    expect(openai.embeddingRequests().map((r) => r.texts.length)).toEqual([3, 1]);
  });
});

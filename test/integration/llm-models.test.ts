import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { checkModels } from '../../src/llm/model-catalog.ts';
import type { Logger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { chatTranscript } from '../support/chat-transcript.ts';
import { type FakeOpenAIOptions, startFakeOpenAI } from '../support/fake-openai.ts';
import { llmConfigFor } from '../support/llm-helpers.ts';
import { type LogRecord, recordingLogger } from '../unit/commands/command-context.ts';

const WARN = 40;
const TASKS = ['summarize', 'compare', 'ask', 'tldr'];

async function fakeOpenAI(options?: FakeOpenAIOptions) {
  const fake = await startFakeOpenAI(options);
  onTestFinished(() => fake.close());
  return fake;
}

/** The real app with `env` (offline, in a fresh data directory), logging into the returned records. */
async function startApp(env: Record<string, string>, log?: Logger) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-models-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const recording = recordingLogger();
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, OFFLINE: 'true', ...env }), {
    log: log ?? recording.log,
  });
  onTestFinished(() => app.close());
  return { app, records: recording.records };
}

function warnings(records: readonly LogRecord[]): LogRecord[] {
  return records.filter((record) => record.level === WARN);
}

/** A port nothing listens on: a server's, after it closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the start-up model check', () => {
  it('warns once about a mistyped LLM_MODEL, naming it, the endpoint and the closest listed ids', async () => {
    const fake = await fakeOpenAI({ models: ['gpt-4o', 'gpt-4o-mini', 'o3-mini', 'text-embedding-3-small'] });
    const { app, records } = await startApp({ OPENAI_BASE_URL: fake.baseURL, LLM_MODEL: 'gpt-4o-mnii' });

    expect(warnings(records)).toEqual([
      expect.objectContaining({
        module: 'llm',
        msg: 'LLM model not listed by the endpoint; its requests will fail',
        model: 'gpt-4o-mnii',
        tasks: TASKS,
        endpoint: new URL(fake.baseURL).host,
        available: ['gpt-4o-mini', 'gpt-4o', 'o3-mini', 'text-embedding-3-small'],
      }),
    ]);
    expect(fake.modelListRequests()).toBe(1);
    expect(app.llm.describe?.()).toEqual({
      configured: true,
      endpoint: new URL(fake.baseURL).host,
      models: TASKS.map((task) => ({ task, model: 'gpt-4o-mnii', availability: 'unknown' })),
    });
  });

  it('warns about a mistyped per-task model alone', async () => {
    const fake = await fakeOpenAI();
    const { records } = await startApp({ OPENAI_BASE_URL: fake.baseURL, LLM_MODEL_ASK: 'gpt-4o-maxi' });

    expect(warnings(records)).toEqual([expect.objectContaining({ model: 'gpt-4o-maxi', tasks: ['ask'] })]);
  });

  it('warns about nothing when the endpoint lists every configured model', async () => {
    const fake = await fakeOpenAI();
    const { app, records } = await startApp({ OPENAI_BASE_URL: fake.baseURL });

    expect(warnings(records)).toEqual([]);
    const description = app.llm.describe?.();
    expect(description?.configured && description.models.map((m) => m.availability)).toEqual(TASKS.map(() => 'found'));
  });

  it("finds an Ollama model asked for without its ':latest' tag", async () => {
    const fake = await fakeOpenAI({ models: ['llama3.1:latest', 'qwen2.5:7b'] });
    const { records } = await startApp({ OPENAI_BASE_URL: fake.baseURL, LLM_MODEL: 'llama3.1' });

    expect(warnings(records)).toEqual([]);
  });

  it('warns and starts when the endpoint cannot be reached; models stay unchecked', async () => {
    const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
    const { app, records } = await startApp({ OPENAI_BASE_URL: baseURL, LLM_MAX_RETRIES: '0' });

    expect(warnings(records)).toEqual([
      expect.objectContaining({
        msg: 'could not list the LLM endpoint models; model names are unchecked',
        endpoint: new URL(baseURL).host,
      }),
    ]);
    const description = app.llm.describe?.();
    expect(description?.configured && description.models.map((m) => m.availability)).toEqual(
      TASKS.map(() => 'unchecked'),
    );
    const summary = await app.llm.summarize(makePaper(), { style: 'tldr', language: 'en' });
    expect(summary.generator).toEqual({ kind: 'extractive', reason: 'llm-unavailable' });
  });

  it('gives up on an endpoint that does not answer after the timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as AddressInfo;
    const { log, records } = recordingLogger();
    const started = performance.now();

    const catalog = await checkModels({ config: llmConfigFor(`http://127.0.0.1:${port}/v1`), log, timeoutMs: 200 });

    expect(performance.now() - started).toBeLessThan(2000);
    expect(catalog).toEqual({ endpoint: `127.0.0.1:${port}`, ids: undefined });
    expect(warnings(records)).toHaveLength(1);
  });

  it('asks nothing and warns about nothing without an LLM', async () => {
    const { log, records } = recordingLogger();

    expect(await checkModels({ config: llmConfigFor(undefined), log })).toBeUndefined();
    expect(records).toEqual([]);
    const { app } = await startApp({}, log);
    expect(app.llm.describe?.()).toEqual({ configured: false });
  });
});

describe('/status with an LLM', () => {
  it('names the model and the endpoint host, and never the key', async () => {
    const fake = await fakeOpenAI({ models: ['gpt-4o-mini', 'gpt-4o'] });
    const { app } = await startApp({
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test-secret-123',
      LLM_MODEL_ASK: 'gpt-4o',
    });
    const transcript = await chatTranscript(app, ['/status']);

    const host = new URL(fake.baseURL).host;
    expect(transcript).toContain(`✓ Language model: gpt-4o-mini (summarize, compare, tldr), gpt-4o (ask) at ${host}\n`);
    expect(transcript).not.toContain('sk-test-secret-123');
    expect(transcript).not.toContain('/v1');
  });
});

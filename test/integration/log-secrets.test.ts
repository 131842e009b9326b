import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { REST, Routes } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig, secretValues } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { makePaper } from '../support/builders.ts';
import { FAKE_APPLICATION_ID, FAKE_BOT_TOKEN, startFakeDiscord } from '../support/fake-discord.ts';
import { startFakeOpenAI } from '../support/fake-openai.ts';

const API_KEY = 'sk-test-4f9c2a7e1b8d3f6a0c5e9b2d7a4f1c8e';
const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246${'x'.repeat(40)}`;

/** A real root logger writing JSON lines into a string. */
function capturedLogger(secrets: readonly string[]) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const log = createLogger('debug', { destination: stream, secrets });
  return { log, text: () => text };
}

describe('logs', () => {
  it("keep a DiscordAPIError's interaction token out of its URL", async () => {
    const fake = await startFakeDiscord();
    onTestFinished(() => fake.close());
    const rest = new REST({ api: fake.apiUrl }).setToken(FAKE_BOT_TOKEN);
    const error = await rest
      .patch(Routes.webhookMessage(FAKE_APPLICATION_ID, INTERACTION_TOKEN, '@original'), {
        body: { content: 'hi' },
        auth: false,
      })
      .catch((caught: unknown) => caught);
    expect(String((error as { url?: unknown }).url)).toContain(INTERACTION_TOKEN);

    const { log, text } = capturedLogger([FAKE_BOT_TOKEN]);
    log.error({ err: error }, 'interaction handling failed');
    log.flush();
    await new Promise((resolve) => setImmediate(resolve));

    expect(text()).toContain('Unknown Webhook');
    expect(text()).toContain(`/webhooks/${FAKE_APPLICATION_ID}/[token]`);
    expect(text()).not.toContain(INTERACTION_TOKEN);
  });

  it('mask an API key that an upstream 401 echoes back', async () => {
    const openai = await startFakeOpenAI();
    onTestFinished(() => openai.close());
    openai.failNext({ status: 401, message: `Incorrect API key provided: ${API_KEY}.`, times: 10 });
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-log-secrets-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const config = parseConfig({
      PAPERBOY_DATA_DIR: dataDir,
      OFFLINE: 'true',
      OPENAI_API_KEY: API_KEY,
      OPENAI_BASE_URL: openai.baseURL,
      LLM_MAX_RETRIES: '0',
    });
    const { log, text } = capturedLogger(secretValues(config));
    const app = await createApp(config, { log });
    onTestFinished(() => app.close());

    const summary = await app.llm.summarize(makePaper(), { style: 'tldr', language: 'en' });
    log.flush();
    await new Promise((resolve) => setImmediate(resolve));

    expect(summary.generator.kind).toBe('extractive');
    expect(text()).toContain('Incorrect API key provided');
    expect(text()).not.toContain(API_KEY);
    expect(text()).not.toContain(API_KEY.slice(3));
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasLlm, loadConfig, parseConfig, redactConfig, secretValues } from '../../src/config.ts';
import { ConfigError } from '../../src/errors/index.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('gives safe defaults for an empty environment', () => {
    const config = parseConfig({}, '/srv/paperboy');
    expect(config.dataDir).toBe('/srv/paperboy/data');
    expect(config.logLevel).toBe('info');
    expect(config.cache.url).toBeUndefined();
    expect(config.discord.apiUrl).toBe('https://discord.com/api');
    expect(config.sources.arxiv.minIntervalMs).toBe(3000);
    expect(config.sources.semanticScholar.enabled).toBe(false);
    expect(config.llm.structuredOutput).toBe('json_schema');
    expect(config.digest.graceHours).toBe(6);
    expect(hasLlm(config)).toBe(false);
  });

  it('reports every bad variable in one error, each with what was expected', () => {
    const error = configError({
      LOG_LEVEL: 'loud',
      LLM_TIMEOUT_MS: 'soon',
      DISCORD_API_URL: 'ftp://discord',
      DISCORD_GUILD_ID: '123',
      OFFLINE: 'maybe',
      CACHE_URL: 'mongodb://localhost',
    });
    expect(error.issues.map((issue) => issue.variable).sort()).toEqual([
      'CACHE_URL',
      'DISCORD_API_URL',
      'DISCORD_GUILD_ID',
      'LLM_TIMEOUT_MS',
      'LOG_LEVEL',
      'OFFLINE',
    ]);
    expect(error.message).toContain('LOG_LEVEL: expected one of');
    expect(error.message).toContain('DISCORD_GUILD_ID: expected a Discord id');
    expect(error.message).toContain('.env.example');
  });

  it('says that DISCORD_SHARD_COUNT takes "auto" when it is given a number below 1', () => {
    expect(configError({ DISCORD_SHARD_COUNT: '-1' }).issues).toEqual([
      { variable: 'DISCORD_SHARD_COUNT', problem: 'expected "auto" or a whole number of 1 or more' },
    ]);
    expect([parseConfig({ DISCORD_SHARD_COUNT: '4' }), parseConfig({})].map((c) => c.discord.shardCount)).toEqual([
      4,
      'auto',
    ]);
  });

  it('takes the portal’s Public Key as hex (lower-cased) and a port for paperboy serve', () => {
    const key = 'AB'.repeat(32);
    const config = parseConfig({ DISCORD_PUBLIC_KEY: key, PORT: '8080' });
    expect([config.discord.publicKey, config.http.port]).toEqual([key.toLowerCase(), 8080]);
    expect([parseConfig({}).discord.publicKey, parseConfig({}).http.port]).toEqual([undefined, 3000]);
    expect(configError({ DISCORD_PUBLIC_KEY: 'abc', PORT: '70000' }).issues.map((i) => i.variable)).toEqual([
      'DISCORD_PUBLIC_KEY',
      'PORT',
    ]);
  });

  it('says a count must be 1 or more, not that it must be whole, for a negative count', () => {
    expect(configError({ LLM_TIMEOUT_MS: '-5' }).issues).toEqual([
      { variable: 'LLM_TIMEOUT_MS', problem: 'expected a whole number of 1 or more' },
    ]);
  });

  it('returns a deeply frozen config', () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.sources.arxiv)).toBe(true);
  });

  it('uses the default model for tasks without their own', () => {
    const config = parseConfig({ LLM_MODEL: 'llama3.1', LLM_MODEL_ASK: 'qwen2.5' });
    expect(config.llm.models).toEqual({ summarize: 'llama3.1', compare: 'llama3.1', ask: 'qwen2.5', tldr: 'llama3.1' });
  });

  it('counts a local base URL without a key as a configured LLM', () => {
    expect(hasLlm(parseConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }))).toBe(true);
  });

  it('rejects embeddings without an endpoint to compute them', () => {
    expect(configError({ EMBEDDINGS_MODEL: 'text-embedding-3-small' }).issues[0]?.variable).toBe('EMBEDDINGS_MODEL');
  });

  it('accepts a redis cache URL', () => {
    expect(parseConfig({ CACHE_URL: 'redis://127.0.0.1:6379' }).cache.url).toBe('redis://127.0.0.1:6379');
  });

  it('takes a postgres:// DATABASE_URL, keeps SQLite when it is blank, and refuses anything else', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u:p@db:5432/paperboy' }).database.url).toBe(
      'postgres://u:p@db:5432/paperboy',
    );
    expect(parseConfig({ DATABASE_URL: 'postgresql://db/paperboy' }).database.url).toBe('postgresql://db/paperboy');
    expect(parseConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
    expect(configError({ DATABASE_URL: 'mysql://db/paperboy' }).issues).toEqual([
      { variable: 'DATABASE_URL', problem: 'expected postgres://user:password@host:port/database' },
    ]);
  });

  it('shares state through REDIS_URL, else a redis cache, never a SQLite one', () => {
    const redisOf = (env: Record<string, string>) => parseConfig(env).redis.url;
    expect(redisOf({ REDIS_URL: 'redis://a:6379', CACHE_URL: 'redis://b:6379' })).toBe('redis://a:6379');
    expect(redisOf({ CACHE_URL: 'rediss://b:6380' })).toBe('rediss://b:6380');
    expect(redisOf({ CACHE_URL: 'sqlite:///tmp/cache.sqlite' })).toBeUndefined();
    expect(configError({ REDIS_URL: 'http://a:6379' }).issues[0]?.variable).toBe('REDIS_URL');
  });

  it('reads DISCORD_SHARD_IDS as lists and ranges of an explicit DISCORD_SHARD_COUNT', () => {
    const ids = (spec: string) => parseConfig({ DISCORD_SHARD_COUNT: '16', DISCORD_SHARD_IDS: spec }).discord.shardIds;
    expect(ids('0-3')).toEqual([0, 1, 2, 3]);
    expect(ids('9,2,4-5,2')).toEqual([2, 4, 5, 9]);
    expect(parseConfig({ DISCORD_SHARD_COUNT: '4' }).discord.shardIds).toBeUndefined();
  });

  it('refuses shard ids without an explicit count, beyond the count, or malformed', () => {
    const problem = (env: Record<string, string>) => configError(env).issues[0];
    expect(problem({ DISCORD_SHARD_IDS: '0' })).toEqual({
      variable: 'DISCORD_SHARD_IDS',
      problem: 'needs an explicit DISCORD_SHARD_COUNT (the same on every process)',
    });
    expect(problem({ DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1-2' })?.problem).toBe(
      'shard 2 does not exist with DISCORD_SHARD_COUNT=2 (ids are 0–1)',
    );
    expect(problem({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '3-1' })?.problem).toBe(
      'the range 3-1 runs backwards',
    );
    expect(problem({ DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: 'one' })?.variable).toBe('DISCORD_SHARD_IDS');
  });
});

describe('redactConfig', () => {
  it('replaces every secret and marks unset ones', () => {
    const config = parseConfig({ DISCORD_TOKEN: 'bot-token-123', OPENAI_API_KEY: 'sk-secret' });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('bot-token-123');
    expect(printed).not.toContain('sk-secret');
    expect(printed).toContain('"token":"[redacted]"');
    expect(printed).toContain('"apiKey":"[redacted]"');
    expect(printed).toContain('"apiKey":"(unset)"');
  });

  it.each([
    ['CACHE_URL', 'redis://paperboy:r3dis-pa55@127.0.0.1:6379'],
    ['DATABASE_URL', 'postgres://paperboy:pg-pa55word@db.internal:5432/paperboy'],
    ['OPENAI_BASE_URL', 'http://u:s3cret-pa55@127.0.0.1:11434/v1'],
    ['DISCORD_API_URL', 'https://bot:d1scord-pa55@proxy.internal/api'],
    ['HF_BASE_URL', 'https://me:hf-pa55word@mirror.internal'],
    ['ARXIV_API_URL', 'https://me:arx1v-pa55@mirror.internal/api/query'],
    ['ARXIV_RSS_URL', 'https://me:rss-pa55word@mirror.internal/rss'],
    ['SEMANTIC_SCHOLAR_API_URL', 'https://me:s2-pa55word@mirror.internal/graph/v1'],
  ])('masks the password inside %s but keeps the rest of the URL', (variable, url) => {
    const printed = JSON.stringify(redactConfig(parseConfig({ [variable]: url })));
    const password = new URL(url).password;
    expect(printed).not.toContain(password);
    expect(printed).toContain(`:[redacted]@${new URL(url).host}`);
  });
});

describe('secretValues', () => {
  it('lists the token, the keys and passwords inside URLs, for the logger to mask', () => {
    const config = parseConfig({
      DISCORD_TOKEN: 'bot-token-123',
      OPENAI_API_KEY: 'sk-secret',
      CACHE_URL: 'redis://user:p%40ss@127.0.0.1:6379',
    });
    expect(secretValues(config)).toEqual(['bot-token-123', 'sk-secret', 'p@ss', 'p%40ss']);
  });
});

describe('loadConfig', () => {
  it('reads .env, and the process environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
    writeFileSync(join(dir, '.env'), 'LLM_MODEL=from-dotenv\nPAPERBOY_DATA_DIR=./state\nLOG_LEVEL=debug\n');
    const config = loadConfig(dir, { LOG_LEVEL: 'warn' });
    expect(config.llm.model).toBe('from-dotenv');
    expect(config.dataDir).toBe(join(dir, 'state'));
    expect(config.logLevel).toBe('warn');
  });

  it('works without a .env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
    expect(loadConfig(dir, {}).llm.model).toBe('gpt-4o-mini');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors/index.ts';
import { createSecretMasker } from './mask-secrets.ts';

// The only module that reads process.env. Everything else gets its slice of Config.

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const positiveInt = z.coerce
  .number({ error: 'expected a whole number' })
  .int('expected a whole number')
  .positive('expected a whole number of 1 or more');
// A union would report only the number's complaint for "-1", never that "auto" is allowed too.
const autoOrPositiveInt = z
  .string()
  .trim()
  .regex(/^(?:auto|[1-9]\d*)$/, 'expected "auto" or a whole number of 1 or more')
  .transform((v): 'auto' | number => (v === 'auto' ? 'auto' : Number(v)));
const snowflake = z
  .string()
  .regex(/^\d{17,20}$/, 'expected a Discord id (17–20 digits)')
  .optional()
  .or(z.literal('').transform(() => undefined));

export const STRUCTURED_OUTPUT_METHODS = ['json_schema', 'function_calling', 'json_mode'] as const;
export type StructuredOutputMethod = (typeof STRUCTURED_OUTPUT_METHODS)[number];

const EnvSchema = z.object({
  PAPERBOY_DATA_DIR: z.string().trim().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIBRARY_READ_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(32)]).default('auto'),
  CACHE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(rediss?|sqlite):\/\//, 'expected redis://…, rediss://… or sqlite://<path>')
      .optional(),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/[^/\s]/, 'expected postgres://user:password@host:port/database')
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis://… or rediss://…')
      .optional(),
  ),

  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: url.default('https://discord.com/api'),
  DISCORD_REST_PROXY_URL: optionalString.pipe(url.optional()),
  DISCORD_SHARD_COUNT: autoOrPositiveInt.default('auto'),
  DISCORD_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'expected the 64 hex digits of the portal’s Public Key')
      .optional(),
  ),
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(1).max(65_535).default(3000),
  DISCORD_SHARD_IDS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/, 'expected shard ids such as 0,1 or 0-3')
      .optional(),
  ),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(url.optional()),
  LLM_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  LLM_MODEL_SUMMARIZE: optionalString,
  LLM_MODEL_COMPARE: optionalString,
  LLM_MODEL_ASK: optionalString,
  LLM_MODEL_TLDR: optionalString,
  LLM_STRUCTURED_OUTPUT: z.enum(STRUCTURED_OUTPUT_METHODS).default('json_schema'),
  LLM_TIMEOUT_MS: positiveInt.default(60_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  LLM_CONCURRENCY: positiveInt.default(4),
  LLM_MAX_OUTPUT_TOKENS: positiveInt.default(1200),
  EMBEDDINGS_MODEL: optionalString,

  OFFLINE: bool.default(false),
  HF_BASE_URL: url.default('https://huggingface.co'),
  ARXIV_API_URL: url.default('https://export.arxiv.org/api/query'),
  ARXIV_RSS_URL: url.default('https://rss.arxiv.org/rss'),
  ARXIV_HTML_URL: url.default('https://arxiv.org/html'),
  ARXIV_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(3000),
  SEMANTIC_SCHOLAR_ENABLED: bool.default(false),
  SEMANTIC_SCHOLAR_API_URL: url.default('https://api.semanticscholar.org/graph/v1'),
  SEMANTIC_SCHOLAR_API_KEY: optionalString,
  SOURCE_TIMEOUT_MS: positiveInt.default(15_000),
  LIVE_BUDGET_MS: positiveInt.default(1500),

  RATE_LIMIT_USER_PER_MINUTE: positiveInt.default(6),
  RATE_LIMIT_GUILD_PER_MINUTE: positiveInt.default(30),

  DIGEST_GRACE_HOURS: z.coerce.number().min(0).max(48).default(6),
  DIGEST_WHEN_EMPTY: z.enum(['notice', 'silent']).default('notice'),
  DIGEST_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

type Env = z.infer<typeof EnvSchema>;

/** Variables whose values are never printed or logged. */
export const SECRET_VARIABLES = ['DISCORD_TOKEN', 'OPENAI_API_KEY', 'SEMANTIC_SCHOLAR_API_KEY'] as const;

export interface Config {
  readonly dataDir: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly cache: { readonly url: string | undefined };
  /** Shared durable state (subscriptions, digest ledger, leases, counters) in PostgreSQL; SQLite when unset. */
  readonly database: { readonly url: string | undefined };
  /** Redis for state the nodes share (LLM rate limits, digest jobs): REDIS_URL, else a redis:// CACHE_URL. */
  readonly redis: { readonly url: string | undefined };
  /** Worker threads that run the bot's library searches and lookups (0: on the main thread). */
  readonly library: { readonly readWorkers: number };
  readonly discord: {
    readonly token: string | undefined;
    readonly clientId: string | undefined;
    readonly guildId: string | undefined;
    readonly apiUrl: string;
    /**
     * Where this node sends its REST requests: the shared `paperboy rest-proxy`
     * (DISCORD_REST_PROXY_URL), else Discord itself (`apiUrl`).
     */
    readonly restUrl: string;
    readonly shardCount: number | 'auto';
    /** The application's Public Key (hex): `paperboy serve` verifies interaction requests with it. */
    readonly publicKey: string | undefined;
    /** The shards this process runs, of `shardCount` (DISCORD_SHARD_IDS); undefined: all of them. */
    readonly shardIds: readonly number[] | undefined;
    readonly userLlmPerMinute: number;
    readonly guildLlmPerMinute: number;
  };
  readonly llm: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string | undefined;
    readonly model: string;
    readonly models: {
      readonly summarize: string;
      readonly compare: string;
      readonly ask: string;
      readonly tldr: string;
    };
    readonly structuredOutput: StructuredOutputMethod;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly concurrency: number;
    readonly maxOutputTokens: number;
    readonly embeddingsModel: string | undefined;
  };
  readonly sources: {
    readonly offline: boolean;
    readonly timeoutMs: number;
    /** The local chat's and the CLI's whole time for live sources per search or lookup (not the bot's). */
    readonly liveBudgetMs: number;
    readonly huggingface: { readonly baseUrl: string };
    readonly arxiv: {
      readonly apiUrl: string;
      readonly rssUrl: string;
      /** Where papers' HTML renderings live (`<htmlUrl>/<id>`), read for /ask in a Discuss thread. */
      readonly htmlUrl: string;
      readonly minIntervalMs: number;
    };
    readonly semanticScholar: {
      readonly enabled: boolean;
      readonly apiUrl: string;
      readonly apiKey: string | undefined;
    };
  };
  readonly digest: {
    readonly graceHours: number;
    readonly whenEmpty: 'notice' | 'silent';
    /** Digests one node's BullMQ worker posts at once (with Redis only). */
    readonly workerConcurrency: number;
  };
  /** `paperboy serve`: the port of the Interactions Endpoint and the health checks. */
  readonly http: { readonly port: number };
}

/**
 * Validates an environment into a frozen Config.
 * @throws ConfigError listing every bad variable, each with what was expected.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issues: ConfigIssue[] = result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      problem: describeIssue(issue),
    }));
    throw new ConfigError(issues, { cause: result.error });
  }
  const e = result.data;
  const llmUsable = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  if (e.EMBEDDINGS_MODEL && !llmUsable) {
    throw new ConfigError([
      {
        variable: 'EMBEDDINGS_MODEL',
        problem: 'needs OPENAI_API_KEY or OPENAI_BASE_URL to reach an embeddings endpoint',
      },
    ]);
  }
  return deepFreeze({
    dataDir: resolve(cwd, e.PAPERBOY_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    cache: { url: e.CACHE_URL },
    database: { url: e.DATABASE_URL },
    redis: { url: e.REDIS_URL ?? (e.CACHE_URL?.startsWith('redis') ? e.CACHE_URL : undefined) },
    // One per core (the bot's main thread mostly waits on the network), at most four.
    library: {
      readWorkers: e.LIBRARY_READ_WORKERS === 'auto' ? Math.min(4, availableParallelism()) : e.LIBRARY_READ_WORKERS,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
      restUrl: (e.DISCORD_REST_PROXY_URL ?? e.DISCORD_API_URL).replace(/\/+$/, ''),
      shardCount: e.DISCORD_SHARD_COUNT,
      publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase(),
      shardIds: parseShardIds(e.DISCORD_SHARD_IDS, e.DISCORD_SHARD_COUNT),
      userLlmPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
      guildLlmPerMinute: e.RATE_LIMIT_GUILD_PER_MINUTE,
    },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL?.replace(/\/+$/, ''),
      model: e.LLM_MODEL,
      models: {
        summarize: e.LLM_MODEL_SUMMARIZE ?? e.LLM_MODEL,
        compare: e.LLM_MODEL_COMPARE ?? e.LLM_MODEL,
        ask: e.LLM_MODEL_ASK ?? e.LLM_MODEL,
        tldr: e.LLM_MODEL_TLDR ?? e.LLM_MODEL,
      },
      structuredOutput: e.LLM_STRUCTURED_OUTPUT,
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      concurrency: e.LLM_CONCURRENCY,
      maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
      embeddingsModel: e.EMBEDDINGS_MODEL,
    },
    sources: {
      offline: e.OFFLINE,
      timeoutMs: e.SOURCE_TIMEOUT_MS,
      liveBudgetMs: e.LIVE_BUDGET_MS,
      huggingface: { baseUrl: e.HF_BASE_URL.replace(/\/+$/, '') },
      arxiv: {
        apiUrl: e.ARXIV_API_URL,
        rssUrl: e.ARXIV_RSS_URL.replace(/\/+$/, ''),
        htmlUrl: e.ARXIV_HTML_URL.replace(/\/+$/, ''),
        minIntervalMs: e.ARXIV_MIN_INTERVAL_MS,
      },
      semanticScholar: {
        enabled: e.SEMANTIC_SCHOLAR_ENABLED,
        apiUrl: e.SEMANTIC_SCHOLAR_API_URL.replace(/\/+$/, ''),
        apiKey: e.SEMANTIC_SCHOLAR_API_KEY,
      },
    },
    digest: {
      graceHours: e.DIGEST_GRACE_HOURS,
      whenEmpty: e.DIGEST_WHEN_EMPTY,
      workerConcurrency: e.DIGEST_WORKER_CONCURRENCY,
    },
    http: { port: e.PORT },
  });
}

/**
 * `0,2` or `0-3` (or both, `0-3,8`) as sorted distinct ids.
 * @throws ConfigError without an explicit DISCORD_SHARD_COUNT, or for an id outside it
 */
function parseShardIds(spec: string | undefined, count: number | 'auto'): number[] | undefined {
  if (spec === undefined) return undefined;
  const problem = (text: string) => new ConfigError([{ variable: 'DISCORD_SHARD_IDS', problem: text }]);
  // Each process must agree on the total, or guilds would be routed to shards nobody runs.
  if (count === 'auto') throw problem('needs an explicit DISCORD_SHARD_COUNT (the same on every process)');
  const ids = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (to < from) throw problem(`the range ${part} runs backwards`);
    if (to >= count) {
      throw problem(`shard ${to} does not exist with DISCORD_SHARD_COUNT=${count} (ids are 0–${count - 1})`);
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** True when an LLM endpoint is configured (a key for OpenAI, or a base URL for a local server). */
export function hasLlm(config: Pick<Config, 'llm'>): boolean {
  return Boolean(config.llm.apiKey || config.llm.baseUrl);
}

/**
 * Reads `.env` from `cwd` (when present) under the process environment, which wins.
 * @throws ConfigError
 */
export function loadConfig(
  cwd = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  return parseConfig({ ...readDotEnv(cwd), ...env }, cwd);
}

function readDotEnv(cwd: string): Record<string, string | undefined> {
  const path = resolve(cwd, '.env');
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}

/** Every secret value in the config, for the logger to mask wherever it appears. */
export function secretValues(config: Config): string[] {
  const values = [config.discord.token, config.llm.apiKey, config.sources.semanticScholar.apiKey];
  // Passwords inside URL-valued settings (redis://user:pw@…, http://u:secret@…).
  for (const url of [
    config.cache.url,
    config.database.url,
    config.redis.url,
    config.llm.baseUrl,
    config.discord.apiUrl,
    config.discord.restUrl,
  ]) {
    const password = url === undefined ? undefined : URL.parse(url)?.password;
    if (password) values.push(decodeURIComponent(password), password);
  }
  // The Redis URL is often the cache's own; list each secret once.
  return [...new Set(values)].filter((value): value is string => value !== undefined && value.length > 0);
}

/**
 * The config as printable JSON, with every secret replaced by `[redacted]` (or `(unset)`) and
 * credentials inside URLs masked.
 */
export function redactConfig(config: Config): unknown {
  const secret = (v: string | undefined) => (v ? '[redacted]' : '(unset)');
  const masked = maskStrings(config, createSecretMasker(secretValues(config)));
  return {
    ...masked,
    discord: { ...masked.discord, token: secret(config.discord.token) },
    llm: { ...masked.llm, apiKey: secret(config.llm.apiKey) },
    sources: {
      ...masked.sources,
      semanticScholar: { ...masked.sources.semanticScholar, apiKey: secret(config.sources.semanticScholar.apiKey) },
    },
  };
}

/** `value` with `mask` applied to every string inside it; unset (undefined) settings stay unset. */
function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskStrings(item, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskStrings(inner, mask)])) as T;
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

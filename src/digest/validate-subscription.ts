import { z } from 'zod';
import { UserInputError } from '../errors/index.ts';
import { canonicalTimeZone } from './scheduling/local-time.ts';
import { DIGEST_DAYS, DIGEST_SOURCES, DIGEST_STYLES, type SubscriptionSettings } from './types.ts';

export const MAX_TOPICS = 10;
export const MAX_TOPIC_LENGTH = 100;
export const MAX_EXCLUDES = 20;
export const MAX_CATEGORIES = 20;
/** Discord's message list stays readable, and a cards message holds at most 10 embeds. */
export const MAX_PAPERS_LIMIT = 10;

export const SUBSCRIPTION_DEFAULTS = {
  time: '09:00',
  timezone: 'UTC',
  days: 'weekdays',
  source: 'huggingface',
  // The ML categories most digests want when the arXiv source is chosen without categories.
  categories: ['cs.LG', 'cs.CL', 'cs.AI'],
  minUpvotes: 0,
  minScore: 0,
  maxPapers: 5,
  style: 'compact',
} as const satisfies Omit<SubscriptionSettings, 'topics' | 'exclude'>;

// arXiv category names: archive (cs, math, hep-th, astro-ph, q-bio…) and an optional subject class.
const CATEGORY = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;

/** Raw input as a command or the CLI gives it: comma-separated lists, optional fields. */
export interface SubscriptionInput {
  readonly topics: string | readonly string[];
  readonly exclude?: string | readonly string[] | undefined;
  readonly time?: string | undefined;
  readonly timezone?: string | undefined;
  readonly days?: string | undefined;
  readonly source?: string | undefined;
  readonly categories?: string | readonly string[] | undefined;
  readonly minUpvotes?: number | undefined;
  readonly minScore?: number | undefined;
  readonly maxPapers?: number | undefined;
  readonly style?: string | undefined;
}

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (typeof value === 'string' ? value.split(',') : value))
  .transform((items) => [...new Set(items.map((item) => item.replace(/\s+/g, ' ').trim()).filter(Boolean))]);

const topics = list.superRefine((items, ctx) => {
  if (items.length === 0)
    ctx.addIssue({ code: 'custom', message: 'Give at least one topic, e.g. `LLM reasoning, RL`.' });
  if (items.length > MAX_TOPICS) {
    ctx.addIssue({ code: 'custom', message: `Give at most ${MAX_TOPICS} topics (you gave ${items.length}).` });
  }
  const long = items.find((item) => item.length > MAX_TOPIC_LENGTH);
  if (long) {
    ctx.addIssue({
      code: 'custom',
      message: `Each topic must be at most ${MAX_TOPIC_LENGTH} characters; "${long.slice(0, 40)}…" has ${long.length}.`,
    });
  }
});

const exclude = list.superRefine((items, ctx) => {
  if (items.length > MAX_EXCLUDES) {
    ctx.addIssue({
      code: 'custom',
      message: `Give at most ${MAX_EXCLUDES} exclude keywords (you gave ${items.length}).`,
    });
  }
  const long = items.find((item) => item.length > MAX_TOPIC_LENGTH);
  if (long) {
    ctx.addIssue({ code: 'custom', message: `Each exclude keyword must be at most ${MAX_TOPIC_LENGTH} characters.` });
  }
});

const time = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const match = /^(\d{1,2}):(\d{2})$/.exec(value);
    const hour = Number(match?.[1]);
    const minute = Number(match?.[2]);
    if (!match || hour > 23 || minute > 59) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a time. Use HH:MM in 24-hour form, e.g. 09:00.` });
      return z.NEVER;
    }
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  });

const timezone = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const canonical = canonicalTimeZone(value);
    if (!canonical) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown time zone "${value.slice(0, 60)}". Use an IANA name such as Europe/Berlin or America/New_York.`,
      });
      return z.NEVER;
    }
    return canonical;
  });

const categories = list.superRefine((items, ctx) => {
  const bad = items.find((item) => !CATEGORY.test(item));
  if (bad) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad.slice(0, 40)}" is not an arXiv category. Use names like cs.LG, stat.ML or hep-th, separated by commas.`,
    });
  }
  if (items.length > MAX_CATEGORIES) {
    ctx.addIssue({ code: 'custom', message: `Give at most ${MAX_CATEGORIES} categories.` });
  }
});

const choice = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { error: () => `${name} must be one of: ${values.join(', ')}.` });

const SettingsSchema = z.object({
  topics,
  exclude: exclude.default([]),
  time: time.default(SUBSCRIPTION_DEFAULTS.time),
  timezone: timezone.default(SUBSCRIPTION_DEFAULTS.timezone),
  days: choice('days', DIGEST_DAYS).default(SUBSCRIPTION_DEFAULTS.days),
  source: choice('source', DIGEST_SOURCES).default(SUBSCRIPTION_DEFAULTS.source),
  categories: categories.optional(),
  minUpvotes: z
    .number({ error: 'min_upvotes must be a whole number.' })
    .int('min_upvotes must be a whole number.')
    .min(0, 'min_upvotes must be 0 or more.')
    .max(100_000, 'min_upvotes must be at most 100000.')
    .default(SUBSCRIPTION_DEFAULTS.minUpvotes),
  minScore: z
    .number({ error: 'min_score must be a number from 0 to 1.' })
    .min(0, 'min_score must be between 0 and 1 (e.g. 0.4).')
    .max(1, 'min_score must be between 0 and 1 (e.g. 0.4).')
    .default(SUBSCRIPTION_DEFAULTS.minScore),
  maxPapers: z
    .number({ error: `max_papers must be a whole number from 1 to ${MAX_PAPERS_LIMIT}.` })
    .int(`max_papers must be a whole number from 1 to ${MAX_PAPERS_LIMIT}.`)
    .min(1, `max_papers must be between 1 and ${MAX_PAPERS_LIMIT}.`)
    .max(MAX_PAPERS_LIMIT, `max_papers must be between 1 and ${MAX_PAPERS_LIMIT}.`)
    .default(SUBSCRIPTION_DEFAULTS.maxPapers),
  style: choice('style', DIGEST_STYLES).default(SUBSCRIPTION_DEFAULTS.style),
});

/**
 * Validates and normalises a channel's digest settings (trimmed, de-duplicated lists; zero-padded
 * time; canonical time zone; defaults filled in).
 * @throws UserInputError with every problem, each saying how to fix it.
 */
export function parseSubscriptionInput(input: SubscriptionInput): SubscriptionSettings {
  // Optional options arrive as undefined or blank strings; both mean "use the default".
  const cleaned = Object.fromEntries(
    Object.entries(input).filter(
      ([, value]) => value !== undefined && !(typeof value === 'string' && value.trim() === ''),
    ),
  );
  const result = SettingsSchema.safeParse({ topics: '', ...cleaned });
  if (!result.success) {
    const messages = [...new Set(result.error.issues.map((issue) => issue.message))];
    throw new UserInputError(messages.join(' '), { cause: result.error });
  }
  const { categories: given, ...rest } = result.data;
  return { ...rest, categories: given && given.length > 0 ? given : [...SUBSCRIPTION_DEFAULTS.categories] };
}

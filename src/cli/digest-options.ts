import { z } from 'zod';
import type { SubscriptionSettings } from '../digest/types.ts';
import { parseSubscriptionInput } from '../digest/validate-subscription.ts';
import { parseCliOptions } from './parse-cli-options.ts';

// Apart from digest-command.ts so that registering the commands (all `paperboy --help` does)
// loads no zod.

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .optional();
const RunOptions = z.object({
  channel: z.string().regex(/^\d{17,20}$/, 'expected a Discord channel id (17–20 digits)'),
  date: day,
  dryRun: z.boolean().default(false),
});
const PreviewOptions = z.object({
  topics: z.string(),
  exclude: z.string().optional(),
  date: day,
  minUpvotes: z.coerce.number().int().min(0).optional(),
  maxPapers: z.coerce.number().int().optional(),
  json: z.boolean().default(false),
});

/** `digest run`'s options, checked. @throws UserInputError naming the option. */
export function parseRunOptions(raw: Record<string, unknown>): z.infer<typeof RunOptions> {
  return parseCliOptions(RunOptions, raw);
}

/** `digest preview`'s options and the subscription settings they describe. @throws UserInputError */
export function parsePreviewOptions(raw: Record<string, unknown>): {
  readonly options: z.infer<typeof PreviewOptions>;
  readonly settings: SubscriptionSettings;
} {
  const options = parseCliOptions(PreviewOptions, raw);
  const settings = parseSubscriptionInput({
    topics: options.topics,
    exclude: options.exclude,
    minUpvotes: options.minUpvotes,
    maxPapers: options.maxPapers,
  });
  return { options, settings };
}

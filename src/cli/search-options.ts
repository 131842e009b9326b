import { z } from 'zod';
import { SEARCH_SOURCES, SINCE_VALUES } from '../search/types.ts';
import { parseCliOptions } from './parse-cli-options.ts';

// Apart from search-command.ts so that registering the command (all `paperboy --help` does)
// loads no zod.
const SearchCliOptions = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).default(0),
  since: z.enum(SINCE_VALUES).default('any'),
  source: z.enum(SEARCH_SOURCES).default('all'),
  category: z.array(z.string()).default([]),
  offline: z.boolean().default(false),
  json: z.boolean().default(false),
});

export type SearchCliOptions = z.infer<typeof SearchCliOptions>;

/** The search command's options, checked. @throws UserInputError naming the option. */
export function parseSearchOptions(raw: Record<string, unknown>): SearchCliOptions {
  return parseCliOptions(SearchCliOptions, raw);
}

import { ApplicationCommandType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { UserInputError } from '../src/errors/index.ts';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { View } from '../src/views.ts';
import { paperListView } from './shared/paper-list-view.ts';

// A message can be 4000 characters; the opening ~300 carry the topic and keep the query cheap.
const MAX_QUERY_CHARS = 300;
const RESULTS = 5;

export const definition = {
  name: 'Find related papers',
  type: ApplicationCommandType.Message,
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

export const defer = 'ephemeral';

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  const query = messageQuery(input.targetText);
  if (!query) throw new UserInputError('That message has no text to search with.');
  const result = await ctx.services.search.search(query, { limit: RESULTS, signal: ctx.signal });
  return paperListView({ title: 'Related papers', result, page: 0, hasMore: false });
}

/** The message text without links, mentions and markup, cut at a word boundary near 300 chars. */
export function messageQuery(text: string): string {
  const plain = text
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_~>|#[\]()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_QUERY_CHARS) return plain;
  const cut = plain.slice(0, MAX_QUERY_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > MAX_QUERY_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
}

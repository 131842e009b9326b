import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { View } from '../src/views.ts';
import { HELP_ENTRIES } from './shared/help-text.ts';

export const definition = {
  name: 'help',
  description: 'What Paperboy can do, with examples',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'none';

export async function handle(_input: OptionsOf<typeof definition>, _ctx: CommandContext): Promise<View> {
  return { kind: 'help', commands: HELP_ENTRIES };
}

import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { View } from '../src/views.ts';
import { checkPaperCount, comparePapers, splitPaperReferences } from './shared/compare-papers.ts';

export const definition = {
  name: 'compare',
  description: 'Compare 2–5 papers side by side',
  options: [
    {
      name: 'papers',
      description: 'Ids or URLs separated by spaces or commas; titles in quotes',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 1000,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';
export const llm = true;

/** The reference count and the quoting are known before any lookup, so they are answered at once. */
export function validate(input: OptionsOf<typeof definition>): void {
  checkPaperCount(splitPaperReferences(input.papers));
}

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  return comparePapers(splitPaperReferences(input.papers), ctx);
}

import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { button } from '../src/interactions/actions.ts';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { View } from '../src/views.ts';
import { resolvePaper } from './shared/resolve-paper.ts';
import { routes } from './shared/routes.ts';
import { DEFAULT_LANGUAGE } from './shared/summarize-paper.ts';

export const definition = {
  name: 'paper',
  description: "Show a paper's details",
  options: [
    {
      name: 'id',
      description: 'arXiv id, URL, DOI or title',
      type: ApplicationCommandOptionType.String,
      required: true,
      max_length: 300,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  return paperView(input.id, ctx);
}

async function paperView(reference: string, ctx: CommandContext): Promise<View> {
  const paper = await resolvePaper(reference, ctx);
  return {
    kind: 'paper',
    paper,
    controls: {
      buttons: [
        button(routes.summarizeShow, {
          label: 'Summarize',
          state: { paperId: paper.id, style: 'tldr', language: DEFAULT_LANGUAGE },
          style: 'primary',
        }),
        button(routes.summarizeSimilar, { label: 'Similar papers', state: { paperId: paper.id }, style: 'secondary' }),
      ],
    },
  };
}

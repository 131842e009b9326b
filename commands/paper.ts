import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { button } from '../src/interactions/actions.ts';
import { route, routeTable } from '../src/interactions/route.ts';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { View } from '../src/views.ts';
import { discussPaper, pickedPaper } from './shared/discuss.ts';
import { discussControl } from './shared/discuss-controls.ts';
import { resolvePaper } from './shared/resolve-paper.ts';
import { routes as declared } from './shared/routes.ts';
import { saveControl } from './shared/save-control.ts';
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
        button(declared.summarizeShow, {
          label: 'Summarize',
          state: { paperId: paper.id, style: 'tldr', language: DEFAULT_LANGUAGE },
          style: 'primary',
        }),
        button(declared.summarizeSimilar, {
          label: 'Similar papers',
          state: { paperId: paper.id },
          style: 'secondary',
        }),
        ...discussControl(paper),
        saveControl(paper.id),
      ],
    },
  };
}

// Discuss lives with /paper: a thread is about one paper, wherever its card or entry was shown.
export const routes = routeTable(
  route(declared.paperDiscuss, (state, ctx) => discussPaper(state.p, ctx, { adoptExisting: state.m === undefined })),
  route(
    declared.paperDiscussPick,
    (_state, ctx, values) => discussPaper(pickedPaper(values), ctx, { adoptExisting: false }),
    pickedPaper,
  ),
);

import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { route, routeTable } from '../src/interactions/route.ts';
import type { AutocompleteChoice, CommandContext, FocusedOption, OptionsOf } from '../src/interactions/types.ts';
import { checkLanguage } from '../src/llm/tasks/inputs.ts';
import type { View } from '../src/views.ts';
import { paperChoice } from './shared/paper-choice.ts';
import { routes as declared } from './shared/routes.ts';
import { DEFAULT_LANGUAGE, regenerateSummary, similarPapers, summarizePaper } from './shared/summarize-paper.ts';

// Discord: at most 25 autocomplete choices.
const MAX_CHOICES = 25;

export const definition = {
  name: 'summarize',
  description: 'Summarize one paper',
  options: [
    {
      name: 'paper',
      description: 'arXiv id, URL or title',
      type: ApplicationCommandOptionType.String,
      required: true,
      autocomplete: true,
      max_length: 300,
    },
    {
      name: 'style',
      description: 'How to summarize (default: tldr)',
      type: ApplicationCommandOptionType.String,
      choices: [
        { name: 'TL;DR', value: 'tldr' },
        { name: 'Detailed', value: 'detailed' },
        { name: 'Explain like I am five', value: 'eli5' },
        { name: 'Bullet points', value: 'bullets' },
      ],
    },
    {
      name: 'language',
      description: 'Language code of the summary, e.g. de or pt-BR (default: en)',
      type: ApplicationCommandOptionType.String,
      min_length: 2,
      max_length: 16,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'public';
export const llm = true;

/** A malformed language code is known before the paper is looked up, so it is answered at once. */
export function validate(input: OptionsOf<typeof definition>): void {
  if (input.language !== undefined) checkLanguage(input.language);
}

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  return summarizePaper(
    input.paper,
    { style: input.style ?? 'tldr', language: input.language ?? DEFAULT_LANGUAGE },
    ctx,
  );
}

/** Library papers whose id or title starts with what is typed, shown by title (paperChoice). */
export async function autocomplete(
  focused: FocusedOption,
  _input: unknown,
  ctx: CommandContext,
): Promise<AutocompleteChoice[]> {
  if (focused.name !== 'paper') return [];
  const prefix = focused.value.trim();
  if (!prefix) return [];
  // runAutocomplete sanitises and clips the names and drops values over Discord's limit.
  return (await ctx.services.library.lookup(prefix, MAX_CHOICES)).map(paperChoice);
}

export const routes = routeTable(
  route(declared.summarizeShow, (state, ctx) =>
    summarizePaper(state.paperId, { style: state.style, language: state.language }, ctx),
  ),
  route(declared.summarizeRegenerate, (state, ctx) =>
    regenerateSummary(state.paperId, { style: state.style, language: state.language }, ctx),
  ),
  route(declared.summarizeSimilar, (state, ctx) => similarPapers(state.paperId, ctx)),
);

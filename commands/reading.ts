import {
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { PaperNotFoundError, UserInputError } from '../src/errors/index.ts';
import { select } from '../src/interactions/actions.ts';
import { route, routeTable } from '../src/interactions/route.ts';
import type { AutocompleteChoice, CommandContext, FocusedOption, OptionsOf } from '../src/interactions/types.ts';
import { toBibtex } from '../src/papers/bibtex.ts';
import { tryParsePaperId } from '../src/papers/parse-paper-id.ts';
import { collapseWhitespace } from '../src/text/index.ts';
import type { View } from '../src/views.ts';
import { paperChoice } from './shared/paper-choice.ts';
import { paperListView } from './shared/paper-list-view.ts';
import { resolvePaper } from './shared/resolve-paper.ts';
import { routes as declared, pickedIds } from './shared/routes.ts';

// Discord: at most 25 autocomplete choices.
const MAX_CHOICES = 25;
const PAGE_SIZE = 5;
// Keeps the BibTeX export (about 500 bytes a paper) far below Discord's 10 MiB per file.
export const MAX_SAVED = 1000;
const EXPORT_NAME = 'reading-list.bib';

export const definition = {
  name: 'reading',
  description: 'Your private reading list',
  options: [
    {
      name: 'list',
      description: 'Show the papers you saved',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'page',
          description: 'Page to show (default 1)',
          type: ApplicationCommandOptionType.Integer,
          min_value: 1,
        },
      ],
    },
    {
      name: 'remove',
      description: 'Take a paper off your reading list',
      type: ApplicationCommandOptionType.Subcommand,
      options: [
        {
          name: 'paper',
          description: 'A saved paper: start typing its title or id',
          type: ApplicationCommandOptionType.String,
          required: true,
          autocomplete: true,
          max_length: 300,
        },
      ],
    },
    {
      name: 'export',
      description: 'Download your reading list as a BibTeX file',
      type: ApplicationCommandOptionType.Subcommand,
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// A reading list is the user's own: every answer is private.
export const defer = 'ephemeral';

export async function handle(input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  switch (input.subcommand) {
    case 'list':
      return listPage(Math.max(0, (input.page ?? 1) - 1), ctx);
    case 'remove':
      return removePaper(input.paper, ctx);
    case 'export':
      return exportList(ctx);
    default:
      return input satisfies never;
  }
}

/** The user's saved papers whose title or id contains what is typed (all of them, newest first, before any is). */
export async function autocomplete(
  focused: FocusedOption,
  _input: unknown,
  ctx: CommandContext,
): Promise<AutocompleteChoice[]> {
  if (focused.name !== 'paper') return [];
  const saved = await ctx.services.readingList.find(ctx.user.id, focused.value, MAX_CHOICES);
  return saved.map(({ paper }) => paperChoice(paper));
}

export const routes = routeTable(
  route(declared.readingSave, (state, ctx) => savePapers([state.p], ctx)),
  route(declared.readingSaveStored, (state, ctx) => savePapers([state.p], ctx)),
  route(declared.readingSavePick, (state, ctx, values) => savePapers(pickedIds(state, values), ctx)),
  route(declared.readingDrop, async (state, ctx, values) => {
    for (const id of pickedIds(state, values)) await ctx.services.readingList.remove(ctx.user.id, id);
    const { total } = await ctx.services.readingList.page(ctx.user.id, { offset: 0, limit: 0 });
    // The page it was on, or the last one left when removing emptied it.
    return listPage(Math.min(state.page, Math.max(0, Math.ceil(total / PAGE_SIZE) - 1)), ctx);
  }),
  route(declared.readingNext, (state, ctx) => listPage(state.page, ctx)),
  route(declared.readingPrev, (state, ctx) => listPage(state.page, ctx)),
);

async function savePapers(ids: readonly string[], ctx: CommandContext): Promise<View> {
  if (ids.length === 0) throw new PaperNotFoundError('');
  let count = 0;
  let added = 0;
  for (const id of ids) {
    // The library first, then the live sources: the snapshot must hold the paper's metadata so
    // that the export works later without them.
    const paper = await resolvePaper(id, ctx);
    const saved = await ctx.services.readingList.save(ctx.user.id, paper, { max: MAX_SAVED });
    if (saved.outcome === 'full') {
      throw new UserInputError(
        `Your reading list is full (${MAX_SAVED} papers). Remove some with /reading remove, or export it first.`,
      );
    }
    if (saved.outcome === 'added') added++;
    count = saved.count;
  }
  const text =
    added === 0
      ? `Already on your reading list (${count}).`
      : added === 1
        ? `Saved to your reading list (${count}).`
        : `Saved ${added} papers to your reading list (${count}).`;
  return { kind: 'message', text, tone: 'success', private: true };
}

async function listPage(page: number, ctx: CommandContext): Promise<View> {
  const offset = page * PAGE_SIZE;
  const { items, total } = await ctx.services.readingList.page(ctx.user.id, { offset, limit: PAGE_SIZE });
  const hits = items.map(({ paper }) => ({ paper, score: 0, snippet: '', matchedTerms: [] }));
  return paperListView({
    title: total === 0 ? 'Your reading list' : `Your reading list (${total})`,
    result: { query: 'reading list', hits, total: Math.max(0, total - offset - hits.length), notices: [] },
    page,
    offset,
    hasMore: offset + hits.length < total,
    paging: { prev: declared.readingPrev, next: declared.readingNext, state: (to) => ({ page: to }) },
    listMenu: (options, state) =>
      select(declared.readingDrop, {
        placeholder: 'Remove…',
        options,
        minValues: 1,
        maxValues: options.length,
        state: { ...state, page },
      }),
    empty: 'Your reading list is empty. Press Save on a paper (/paper, /papers, a summary or a digest) to add it.',
  });
}

async function removePaper(reference: string, ctx: CommandContext): Promise<View> {
  const list = ctx.services.readingList;
  const text = reference.trim();
  // An id (as autocomplete gives it, or a URL), else a title: exact, the one that starts with the
  // text, or the one saved paper that contains it.
  const wanted = tryParsePaperId(text)?.id ?? text;
  const matches = await list.find(ctx.user.id, wanted, MAX_CHOICES);
  const lower = text.toLowerCase();
  const starting = matches.filter((m) => m.paper.title.toLowerCase().startsWith(lower));
  const target =
    matches.find((m) => m.paper.id === wanted) ??
    matches.find((m) => m.paper.title.toLowerCase() === lower) ??
    (starting.length === 1 ? starting[0] : undefined) ??
    (matches.length === 1 ? matches[0] : undefined);
  if (!target) {
    throw new UserInputError(
      matches.length > 1
        ? 'Several saved papers match that; pick one from the suggestions.'
        : 'That paper is not on your reading list. See /reading list.',
    );
  }
  await list.remove(ctx.user.id, target.paper.id);
  const { total } = await list.page(ctx.user.id, { offset: 0, limit: 0 });
  return {
    kind: 'message',
    text: `Removed “${collapseWhitespace(target.paper.title)}” from your reading list (${total} left).`,
    tone: 'success',
    private: true,
  };
}

async function exportList(ctx: CommandContext): Promise<View> {
  const saved = await ctx.services.readingList.all(ctx.user.id);
  if (saved.length === 0) {
    return { kind: 'message', text: 'Your reading list is empty: nothing to export yet.', tone: 'info', private: true };
  }
  // Oldest first: the order papers were saved in reads best in a bibliography file.
  const bibtex = toBibtex(saved.map((entry) => entry.paper).reverse());
  return {
    kind: 'message',
    text: `Your reading list as BibTeX (${saved.length} ${saved.length === 1 ? 'paper' : 'papers'}).`,
    tone: 'success',
    private: true,
    file: { name: EXPORT_NAME, text: bibtex },
  };
}

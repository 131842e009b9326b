import { button, select } from '../../src/interactions/actions.ts';
import type { RouteDeclaration } from '../../src/interactions/types.ts';
import { MAX_COMPARE } from '../../src/llm/types.ts';
import type { SearchResult } from '../../src/search/types.ts';
import type { View, ViewAction, ViewSelect } from '../../src/views.ts';
import { rateMenu } from './feedback-controls.ts';
import { type PickState, routes } from './routes.ts';
import { saveMenu } from './save-control.ts';

// Discord: select option values are at most 100 characters. A longer id is offered under a short
// key (`#7`) that the menu's stored state maps back to it (routes.ts, PickState).
const MAX_OPTION_VALUE = 100;

export interface PaperListOptions<PageState = unknown> {
  readonly title: string;
  readonly result: SearchResult;
  readonly page: number;
  /** Results before this page's first (page × limit); hits are numbered from offset + 1. Default 0. */
  readonly offset?: number;
  readonly hasMore: boolean;
  /** State for Prev/Next; omitted when the list has a single page by nature (e.g. "similar papers"). */
  readonly paging?: {
    readonly prev: RouteDeclaration<PageState>;
    readonly next: RouteDeclaration<PageState>;
    readonly state: (page: number) => PageState;
  };
  /** Offer "Rate a paper…" (👍 / 👎 / Not interested): where votes count, in a channel. */
  readonly rate?: boolean;
  /** The list's own menu beside Summarize and Compare (default "Save…"; the reading list offers "Remove…"). */
  readonly listMenu?: (options: ViewSelect['options'], state: PickState) => ViewSelect;
  /** What an empty first page says (default: the search's "No papers matched…"). */
  readonly empty?: string;
}

/**
 * A paper-list View with the "Summarize…" and "Compare…" menus, "Rate a paper…" where asked, and,
 * when paged, Prev/Next buttons (at most four rows of Discord's five).
 */
export function paperListView<PageState>({
  title,
  result,
  page,
  offset = 0,
  hasMore,
  paging,
  rate = false,
  listMenu = saveMenu,
  empty,
}: PaperListOptions<PageState>): View {
  const keys: Record<string, string> = {};
  // Titles first: the label is the number shown in the list and the title, the description who
  // wrote it; the id is only the value (issue 15: ids crowded the titles out).
  const options = result.hits.map((hit, index) => {
    const number = offset + index + 1;
    const { id } = hit.paper;
    const value = id.length <= MAX_OPTION_VALUE ? id : `#${number}`;
    if (value !== id) keys[value] = id;
    const byline = hit.paper.authors.slice(0, 3).join(', ') || hit.paper.published.slice(0, 10);
    return {
      label: `${number}. ${hit.paper.title}`,
      value,
      ...(byline ? { description: byline } : {}),
    };
  });
  const state = Object.keys(keys).length > 0 ? { keys } : {};
  const selects: ViewSelect[] = [];
  if (options.length > 0) {
    selects.push(
      select(routes.papersSummarize, { placeholder: 'Summarize…', options, minValues: 1, maxValues: 1, state }),
    );
  }
  if (options.length >= 2) {
    selects.push(
      select(routes.papersCompare, {
        placeholder: 'Compare…',
        options,
        minValues: 2,
        maxValues: Math.min(MAX_COMPARE, options.length),
        state,
      }),
    );
  }
  const menu = rate
    ? rateMenu(
        result.hits.map((hit, index) => ({ id: hit.paper.id, title: hit.paper.title, number: offset + index + 1 })),
      )
    : undefined;
  if (menu) selects.push(menu);
  if (options.length > 0) selects.push(listMenu(options, state));
  const buttons: ViewAction[] = [];
  if (paging && (page > 0 || hasMore)) {
    buttons.push(
      button(paging.prev, {
        label: 'Previous page',
        state: paging.state(Math.max(0, page - 1)),
        style: 'secondary',
        disabled: page === 0,
      }),
      button(paging.next, {
        label: 'Next page',
        state: paging.state(page + 1),
        style: 'secondary',
        disabled: !hasMore,
      }),
    );
  }
  return {
    kind: 'paper-list',
    title,
    query: result.query,
    hits: result.hits,
    page,
    offset,
    hasMore,
    notices: result.notices,
    controls: { selects, buttons },
    ...(empty ? { empty } : {}),
  };
}

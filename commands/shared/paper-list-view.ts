import { button, select } from '../../src/interactions/actions.ts';
import type { RouteDeclaration } from '../../src/interactions/types.ts';
import type { SearchResult } from '../../src/search/types.ts';
import type { View, ViewAction, ViewSelect } from '../../src/views.ts';
import { routes } from './routes.ts';

// Discord: select option values are at most 100 characters; longer ids cannot be offered.
const MAX_OPTION_VALUE = 100;
// Discord: select option labels and descriptions are at most 100 characters.
const MAX_OPTION_TEXT = 100;
const MAX_COMPARE = 5;

export interface PaperListOptions<PageState = unknown> {
  readonly title: string;
  readonly result: SearchResult;
  readonly page: number;
  readonly hasMore: boolean;
  /** State for Prev/Next; omitted when the list has a single page by nature (e.g. "similar papers"). */
  readonly paging?: {
    readonly prev: RouteDeclaration<PageState>;
    readonly next: RouteDeclaration<PageState>;
    readonly state: (page: number) => PageState;
  };
}

/** A paper-list View with the "Summarize…" and "Compare…" menus and, when paged, Prev/Next buttons. */
export function paperListView<PageState>({ title, result, page, hasMore, paging }: PaperListOptions<PageState>): View {
  const choosable = result.hits.filter((hit) => hit.paper.id.length <= MAX_OPTION_VALUE);
  const options = choosable.map((hit, index) => ({
    label: clip(`${index + 1}. ${hit.paper.title}`, MAX_OPTION_TEXT),
    value: hit.paper.id,
    description: clip(hit.paper.authors.slice(0, 3).join(', ') || hit.paper.id, MAX_OPTION_TEXT),
  }));
  const selects: ViewSelect[] = [];
  if (options.length > 0) {
    selects.push(
      select(routes.papersSummarize, { placeholder: 'Summarize…', options, minValues: 1, maxValues: 1, state: {} }),
    );
  }
  if (options.length >= 2) {
    selects.push(
      select(routes.papersCompare, {
        placeholder: 'Compare…',
        options,
        minValues: 2,
        maxValues: Math.min(MAX_COMPARE, options.length),
        state: {},
      }),
    );
  }
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
    hasMore,
    notices: result.notices,
    controls: { selects, buttons },
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

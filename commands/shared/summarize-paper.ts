import { button } from '../../src/interactions/actions.ts';
import type { CommandContext } from '../../src/interactions/types.ts';
import type { SummaryStyle } from '../../src/llm/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { View } from '../../src/views.ts';
import { discussControl } from './discuss-controls.ts';
import { paperListView } from './paper-list-view.ts';
import { resolvePaper } from './resolve-paper.ts';
import { routes } from './routes.ts';
import { saveControl } from './save-control.ts';

export interface SummarizeOptions {
  readonly style: SummaryStyle;
  readonly language: string;
  /** "Regenerate": skip the cached summary. */
  readonly refresh?: boolean;
}

const SIMILAR_LIMIT = 5;
/** Summaries are in English unless the user asks otherwise (a BCP 47 code, as the LLM service takes). */
export const DEFAULT_LANGUAGE = 'en';

/** Resolves `reference` (id, URL or title) and returns its summary View with Regenerate, Similar and Save buttons. */
export async function summarizePaper(reference: string, options: SummarizeOptions, ctx: CommandContext): Promise<View> {
  const paper = await resolvePaper(reference, ctx);
  return summaryView(paper, options, ctx);
}

export async function summaryView(paper: Paper, options: SummarizeOptions, ctx: CommandContext): Promise<View> {
  const summary = await ctx.services.llm.summarize(paper, {
    style: options.style,
    language: options.language,
    refresh: options.refresh,
    signal: ctx.signal,
  });
  return {
    kind: 'summary',
    paper,
    summary,
    controls: {
      buttons: [
        button(routes.summarizeRegenerate, {
          label: 'Regenerate',
          state: { paperId: paper.id, style: options.style, language: options.language },
          style: 'secondary',
        }),
        button(routes.summarizeSimilar, { label: 'Similar papers', state: { paperId: paper.id }, style: 'secondary' }),
        ...discussControl(paper),
        saveControl(paper.id),
      ],
    },
  };
}

/**
 * "Regenerate": a new summary from the model. Without one the fallback copies sentences and would
 * give the same text again, so it says that instead (privately: the summary stays as it is).
 */
export async function regenerateSummary(
  reference: string,
  options: Omit<SummarizeOptions, 'refresh'>,
  ctx: CommandContext,
): Promise<View> {
  if (!ctx.services.llm.configured) {
    return {
      kind: 'message',
      tone: 'info',
      private: true,
      text:
        'Without a language model the summary is copied from the abstract, so regenerating gives the same text. ' +
        'Set OPENAI_API_KEY (or OPENAI_BASE_URL) for summaries that can vary.',
    };
  }
  return summarizePaper(reference, { ...options, refresh: true }, ctx);
}

/** Papers like `reference`, as a list with the Summarize/Compare menus (no paging: one short list). */
export async function similarPapers(reference: string, ctx: CommandContext): Promise<View> {
  const paper = await resolvePaper(reference, ctx);
  const result = await ctx.services.search.similar(paper, { limit: SIMILAR_LIMIT, signal: ctx.signal });
  return paperListView({ title: `Papers similar to “${paper.title}”`, result, page: 0, hasMore: false });
}

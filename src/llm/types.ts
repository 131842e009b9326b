import type { Paper } from '../papers/paper.ts';
import type { Passage } from '../search/passage-search.ts';
import type { LlmTask } from './chat-model.ts';

export const SUMMARY_STYLES = ['tldr', 'detailed', 'eli5', 'bullets'] as const;
export type SummaryStyle = (typeof SUMMARY_STYLES)[number];
/** How many papers one comparison takes (the bot, the CLI and the compare task alike). */
export const MIN_COMPARE = 2;
export const MAX_COMPARE = 5;
export const COMPARE_ASPECTS = ['problem', 'method', 'data', 'results', 'limitations', 'novelty'] as const;
export type CompareAspect = (typeof COMPARE_ASPECTS)[number];

/**
 * Why an output is extractive: no LLM endpoint is configured, the configured one failed (after
 * retries), or its reply failed the grounding checks (every citation made up, no usable cell), and
 * the fallback answered instead; a fallback is never cached. Renderers say which, so a failing model is not
 * mistaken for a missing one.
 */
export type ExtractiveReason = 'not-configured' | 'llm-unavailable' | 'llm-rejected';

/** Who wrote an output: the configured model, or the extractive fallback (labelled as such, with why). */
export type Generator =
  | { readonly kind: 'llm'; readonly model: string }
  | { readonly kind: 'extractive'; readonly reason: ExtractiveReason };

export interface Summary {
  readonly tldr: string;
  readonly keyPoints: readonly string[];
  readonly method: string;
  readonly results: string;
  readonly limitations: string;
  /** Numbers in the summary that do not occur in the abstract (a grounding warning). */
  readonly unverifiedNumbers: readonly string[];
  readonly style: SummaryStyle;
  readonly language: string;
  readonly generator: Generator;
}

/**
 * What the grounding checks (src/llm/grounding.ts) found in a comparison or an answer; both
 * renderers show them as warnings (issue 12: summaries had them, /ask and /compare did not).
 */
export interface GroundingFlags {
  /** Numbers in the output that no given paper's title or abstract (nor the question) contains. */
  readonly unverifiedNumbers?: readonly string[];
  /** Citations [n] naming no given paper, removed from the text. */
  readonly droppedCitations?: readonly number[];
}

export interface Comparison extends GroundingFlags {
  /** Paper ids, in column order. */
  readonly paperIds: readonly string[];
  /** One row per aspect; `cells[i]` belongs to `paperIds[i]`. */
  readonly rows: ReadonlyArray<{ readonly aspect: CompareAspect; readonly cells: readonly string[] }>;
  readonly verdict: string;
  readonly sharedTerms?: readonly string[];
  readonly generator: Generator;
}

export interface Answer extends GroundingFlags {
  /** The answer text with citations as [n]; every n is in `citations`. */
  readonly text: string;
  /** `section`: when the answer cites passages of one paper's text, the section passage n is from. */
  readonly citations: ReadonlyArray<{ readonly n: number; readonly paperId: string; readonly section?: string }>;
  /** False when the given papers do not answer the question. */
  readonly answered: boolean;
  readonly generator: Generator;
}

export interface LlmCallOptions {
  /** Bypass the cache, compute anew and replace the entry ("Regenerate"). */
  readonly refresh?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Whether the endpoint's model list, read once at start-up, names a model; `unchecked` when the
 * list could not be read (or was not asked for).
 */
export type ModelAvailability = 'found' | 'unknown' | 'unchecked';

/** What the Llm runs on, for /status: the endpoint's host only, never its path, user or key. */
export type LlmDescription =
  | { readonly configured: false }
  | {
      readonly configured: true;
      /** Host and port of the endpoint, e.g. `api.openai.com` or `127.0.0.1:11434`. */
      readonly endpoint: string;
      /** Each task's model, in config order (query rewriting runs on ask's). */
      readonly models: ReadonlyArray<{
        readonly task: LlmTask;
        readonly model: string;
        readonly availability: ModelAvailability;
      }>;
    };

/** Summaries, comparisons, answers and TL;DRs (src/llm/create-llm.ts implements it). */
export interface Llm {
  /** True when an LLM endpoint is configured; false means every call uses the extractive fallback. */
  readonly configured: boolean;
  /** The endpoint and models in use, and whether the endpoint listed them at start-up. */
  describe?(): LlmDescription;
  summarize(paper: Paper, options: LlmCallOptions & { style: SummaryStyle; language: string }): Promise<Summary>;
  /** 2–5 papers. */
  compare(papers: readonly Paper[], options?: LlmCallOptions & { language?: string }): Promise<Comparison>;
  ask(question: string, papers: readonly Paper[], options?: LlmCallOptions & { language?: string }): Promise<Answer>;
  /**
   * A question about one paper answered from passages of its text (its abstract, sections of its
   * full text), citing passage [n] with its section (/ask in a Discuss thread).
   */
  askPaper(
    question: string,
    paper: Paper,
    passages: readonly Passage[],
    options?: LlmCallOptions & { language?: string },
  ): Promise<Answer>;
  /** One sentence, for digests. */
  tldr(paper: Paper, options?: LlmCallOptions): Promise<string>;
  /**
   * A chat question as a short keyword query for paper search (/ask retrieves with it). Never
   * fails for the model: an unusable rewrite gives the question back, an unavailable or missing
   * model the question without stopwords and question words.
   * @throws UserInputError for an empty question.
   */
  rewriteQuery?(question: string, options?: LlmCallOptions): Promise<string>;
}

import type {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { z } from 'zod';
import type { Cache } from '../cache/create-cache.ts';
import type { Clock } from '../clock.ts';
import type { DigestService } from '../digest/digest-service.ts';
import type { FeedbackStore } from '../digest/feedback/feedback-store.ts';
import type { SubscriptionLearner } from '../digest/learning/types.ts';
import type { CheckChannel } from '../digest/types.ts';
import type { DiscussionStore, StartThread } from '../discussions/types.ts';
import type { ReadingList } from '../library/reading-list.ts';
import type { Library } from '../library/types.ts';
import type { Llm } from '../llm/types.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../papers/paper.ts';
import type { ParsedPaperId } from '../papers/parse-paper-id.ts';
import type { EventLoopDelay } from '../runtime/event-loop-monitor.ts';
import type { Search } from '../search/types.ts';
import type { FullTextSource } from '../sources/arxiv-html.ts';
import type { TrendingPeriod } from '../sources/huggingface.ts';
import type { View } from '../views.ts';

/** Who ran the command. `name` is for display only; ids are Discord snowflakes or `local` in the terminal. */
export interface CommandUser {
  readonly id: string;
  readonly name: string;
}

/**
 * The live sources as commands see them (App.sources satisfies it). `status()` is read loosely
 * (parsed in commands/status.ts) so that its exact shape can evolve without breaking commands.
 */
export interface CommandSources {
  /** The merged paper from every source that knows the id, or undefined when none does. */
  lookup(id: ParsedPaperId, options?: { readonly signal?: AbortSignal }): Promise<Paper | undefined>;
  status(): unknown;
  /** Hugging Face's listings for /trending. */
  readonly huggingface?: {
    trending(period: TrendingPeriod, options?: { readonly signal?: AbortSignal }): Promise<readonly Paper[]>;
  };
  /** arXiv metadata by id, merged into /trending's page. */
  readonly arxiv?: {
    byIds(ids: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<readonly Paper[]>;
  };
}

export interface CommandServices {
  readonly library: Library;
  readonly search: Search;
  readonly llm: Llm;
  /** Absent when the app runs without live sources (then ids resolve from the library only). */
  readonly sources?: CommandSources;
  readonly cache: Pick<Cache, 'kind' | 'stats'>;
  /** Each user's saved papers (/reading, the Save buttons). */
  readonly readingList: ReadingList;
  /** A subscription's learned ranking, for /trending's "For this channel" (src/digest/learning/learned-ranking.ts); absent without a learner. */
  readonly ranking?: LearnedRanking;
  /** Present only in the Discord bot, which alone can check and post to channels; /digest needs it. */
  readonly digest?: DigestCommandServices;
  /** Which paper each Discuss thread is about (/ask in a thread reads it). */
  readonly discussions?: DiscussionStore;
  /** Present only in the Discord bot, which alone can start threads; Discuss needs it. */
  readonly startThread?: StartThread;
  /** A paper's full text in passages (arXiv's HTML rendering), for /ask in a Discuss thread. */
  readonly fullText?: FullTextSource;
  /** How late the event loop runs (the bot measures it; /status shows it). */
  readonly eventLoop?: () => EventLoopDelay;
  /** 👍 / 👎 / Not interested; absent where there are no channels (the terminal has none to vote in). */
  readonly feedback?: FeedbackStore;
  /** The per-subscription ranker votes teach; absent until one is wired (then tune shows the counts only). */
  readonly learning?: SubscriptionLearner;
}

/**
 * Orders papers by what a subscription has learned from its channel's votes (the per-subscription
 * ranker, src/digest/learning/); best first, the same papers. Cheap: no I/O beyond its own store.
 */
export interface LearnedRanking {
  rankFor(subscriptionId: string, papers: readonly Paper[]): Promise<readonly Paper[]>;
}

/** What /digest needs beyond the common services; the bot supplies it. */
export interface DigestCommandServices {
  readonly service: DigestService;
  /** The Discord runtime's view of what the bot may do in a channel. */
  readonly checkChannel: CheckChannel;
}

/** Everything a handler may use. Never an Interaction: handlers run the same in Discord and the terminal. */
export interface CommandContext {
  readonly user: CommandUser;
  readonly guildId?: string;
  readonly channelId?: string;
  /** For a button or menu: the message it sits on (Discuss starts its thread there). */
  readonly messageId?: string;
  /**
   * What the bot may do in this channel (Discord's app_permissions, as discord.js permission
   * names, e.g. `CreatePublicThreads`); absent outside Discord.
   */
  readonly botPermissions?: readonly string[];
  /** A Discord locale such as `en-US`; the terminal passes its own. */
  readonly locale: string;
  readonly log: Logger;
  readonly clock: Clock;
  readonly services: CommandServices;
  /** Ids for error references (and anything else that needs one); injected so tests are deterministic. */
  newId(): string;
  /** Aborted when the caller gives up (e.g. shutdown). */
  readonly signal?: AbortSignal;
  /**
   * Discord: whether the member has Manage Channels where the interaction happened (what
   * /digest tune's Reset and /digest forget require); absent outside a server.
   */
  readonly canManageChannel?: boolean;
}

export type CommandDefinition =
  | RESTPostAPIChatInputApplicationCommandsJSONBody
  | RESTPostAPIContextMenuApplicationCommandsJSONBody;

/**
 * Raw option values before validation: typed values from Discord's interaction options, or
 * strings typed in the terminal (coerced by parseOptions). For a message context-menu command
 * the caller passes `{ targetId, targetText }` (the message id and its content).
 */
export type RawOptions = Readonly<Record<string, unknown>>;

export interface AutocompleteChoice {
  /** Discord: 1–100 chars. */
  readonly name: string;
  /** Discord: ≤ 100 chars. */
  readonly value: string;
}

/** The option being typed, as Discord sends it in an autocomplete interaction. */
export interface FocusedOption {
  readonly name: string;
  readonly value: string;
}

/**
 * How src/discord/ acknowledges a component before its route runs: `update` edits the message the
 * component sits on (paging, "Regenerate"); `reply` answers with a new message, so the results the
 * component came from stay on screen; `private` answers with a message only the clicker sees
 * (rating one paper of a public list; Save: a reading list is the user's own).
 */
export type RouteAck = 'update' | 'reply' | 'private';

/** What a route declares about itself; both optional, see `Route`. */
export interface RouteOptions {
  /** Default `reply`. */
  readonly ack?: RouteAck;
  /** True when the route may call the LLM (it then counts against the LLM rate limits). Default false. */
  readonly llm?: boolean;
  /**
   * The state travels in the custom_id itself instead of the component store, so the component
   * works for as long as the message exists (digest posts, vote buttons). Only for small state made
   * of ids (Discord's custom_id holds 100 characters); never user text. Default false.
   */
  readonly persistent?: boolean;
}

/** A route's name, state schema and acknowledgement, without its handler (see declareRoute). */
export interface RouteDeclaration<State = unknown, Name extends string = string> extends RouteOptions {
  /** `<command>.<action>`, e.g. `papers.next`; the custom_id starts with it. */
  readonly name: Name;
  readonly schema: z.ZodType<State>;
}

/**
 * A handler for a button or select menu. `state` is what the View stored with the action
 * (validated by `schema`); `values` are the chosen select-menu values (empty for a button).
 */
export interface Route<State = unknown, Name extends string = string> extends RouteDeclaration<State, Name> {
  /** Like CommandModule.validate: checks the chosen select values before the bot acknowledges. */
  validate?(values: readonly string[]): void;
  handle(state: State, ctx: CommandContext, values: readonly string[]): Promise<View>;
}

/** Routes by name, `<command>.<action>` (e.g. `papers.next`); built with `routeTable()`. */
export type RouteTable = Readonly<Record<string, Route>>;

/** What `commands/<name>.ts` exports, checked with `satisfies` in commands/index.ts. */
export interface CommandModule {
  readonly definition: CommandDefinition;
  /** How src/discord/ acknowledges: a deferred reply visible to all or only the user, or an immediate reply. */
  readonly defer: 'public' | 'ephemeral' | 'none';
  /**
   * True when the command may call the LLM (it then counts against the LLM rate limits); for a
   * command with subcommands, the names of those that may (`['preview']`), so the rest do not count.
   */
  readonly llm?: boolean | readonly string[];
  /**
   * Typed as `never` so that every command's own `OptionsOf<typeof definition>` fits one list;
   * call it through runCommand, which parses the raw input against `definition` first.
   */
  handle(input: never, ctx: CommandContext): Promise<View>;
  /**
   * Cheap, synchronous checks of the parsed options (no I/O), run before src/discord/ acknowledges,
   * so a mistake gets an immediate private answer instead of a public "thinking…" that turns into
   * an error. Throws UserInputError. Typed `never` like `handle`.
   */
  validate?(input: never): void;
  autocomplete?(focused: FocusedOption, input: RawOptions, ctx: CommandContext): Promise<AutocompleteChoice[]>;
  readonly routes?: RouteTable;
}

// ---- OptionsOf: the typed input of a literal definition ----------------------------------------

/** The input of a message context-menu command. */
export interface MessageTargetInput {
  readonly targetId: string;
  readonly targetText: string;
}

interface OptionShape {
  readonly name: string;
  readonly type: ApplicationCommandOptionType;
  readonly required?: boolean;
  readonly choices?: ReadonlyArray<{ readonly value: string | number }>;
}

type ValueOfOption<O extends OptionShape> = O extends { readonly choices: ReadonlyArray<{ readonly value: infer V }> }
  ? V
  : O['type'] extends ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number
    ? number
    : O['type'] extends ApplicationCommandOptionType.Boolean
      ? boolean
      : string;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionsFromList<Options extends readonly OptionShape[]> = Simplify<
  {
    readonly [O in Options[number] as O extends { readonly required: true } ? O['name'] : never]: ValueOfOption<O>;
  } & {
    readonly [O in Options[number] as O extends { readonly required: true } ? never : O['name']]?: ValueOfOption<O>;
  }
>;

interface SubcommandShape {
  readonly name: string;
  readonly type: ApplicationCommandOptionType.Subcommand;
  readonly options?: readonly OptionShape[];
}

/** One member per subcommand (distributes over the union): its name under `subcommand`, its own options beside it. */
type OptionsFromSubcommand<Sub extends SubcommandShape> = Sub extends SubcommandShape
  ? Simplify<
      { readonly subcommand: Sub['name'] } & (Sub extends { readonly options: infer O extends readonly OptionShape[] }
        ? OptionsFromList<O>
        : unknown)
    >
  : never;

/**
 * Maps a literal definition (`as const`) to its handler's input: required options are required,
 * string/integer/number/boolean map to TS types, and `choices` become literal unions. A command
 * whose options are subcommands gets a union discriminated on `subcommand` (parseOptions flattens
 * the chosen subcommand's options next to its name). Subcommand groups are not supported.
 */
export type OptionsOf<Definition> = Definition extends { readonly type: ApplicationCommandType.Message }
  ? MessageTargetInput
  : Definition extends { readonly options: infer Options extends readonly OptionShape[] }
    ? Options[number] extends SubcommandShape
      ? OptionsFromSubcommand<Options[number]>
      : OptionsFromList<Options>
    : Record<string, never>;

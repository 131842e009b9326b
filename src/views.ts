import type { DigestMessage, SubscriptionSettings } from './digest/types.ts';
import type { Answer, Comparison, Summary } from './llm/types.ts';
import type { Paper } from './papers/paper.ts';
import type { SearchHit } from './search/types.ts';

// A View is what a command returns: plain, JSON-safe data. src/discord/render/ and
// src/terminal/render/ turn it into embeds or text; handlers never build either.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

declare const routeNameBrand: unique symbol;
/**
 * A route's name, `<command>.<action>`. Only the action builders in src/interactions/actions.ts
 * make one (from a declared route), so a misspelt route name fails the typecheck.
 */
export type RouteName = string & { readonly [routeNameBrand]: true };

/** A button: `route` names a handler in some command's `routes`; `state` is stored, not put in the custom_id. */
export interface ViewAction {
  readonly route: RouteName;
  readonly label: string;
  readonly state: JsonValue;
  readonly style?: 'primary' | 'secondary' | 'danger';
  readonly disabled?: boolean;
  /** Set by button() from the route's declaration: the state goes in the custom_id (RouteOptions.persistent). */
  readonly persistent?: boolean;
}

/** A select menu; the chosen option values reach the route's handler with the stored state. */
export interface ViewSelect {
  readonly route: RouteName;
  readonly placeholder: string;
  readonly options: ReadonlyArray<{ readonly label: string; readonly value: string; readonly description?: string }>;
  readonly minValues: number;
  readonly maxValues: number;
  readonly state: JsonValue;
  readonly persistent?: boolean;
}

export interface ViewControls {
  readonly selects?: readonly ViewSelect[];
  readonly buttons?: readonly ViewAction[];
  /** Buttons that belong together (one paper's 👍 / 👎 / Not interested), each group on its own row, after the rest. */
  readonly rows?: ReadonlyArray<readonly ViewAction[]>;
}

/** A file sent with a message (the BibTeX export): text, so the View stays JSON. */
export interface ViewFile {
  /** e.g. `reading-list.bib`; Discord takes the file's type from it. */
  readonly name: string;
  readonly text: string;
}

export interface StatusEntry {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** A channel's digest as /digest shows it: where it posts, its settings, and why it is paused. */
export interface DigestSubscriptionView extends SubscriptionSettings {
  readonly channelId: string;
  /** Why posting stopped (channel deleted, access lost); absent while active. */
  readonly pausedReason?: string;
}

export type View =
  | {
      readonly kind: 'paper-list';
      readonly title: string;
      readonly query: string;
      readonly hits: readonly SearchHit[];
      /** Zero-based page and whether another page follows. */
      readonly page: number;
      /** How many results come before this page's first: hits are numbered from `offset + 1`. */
      readonly offset: number;
      readonly hasMore: boolean;
      readonly notices: readonly string[];
      readonly controls?: ViewControls;
      /** What an empty first page says instead of the search's "No papers matched…". */
      readonly empty?: string;
    }
  | { readonly kind: 'summary'; readonly paper: Paper; readonly summary: Summary; readonly controls?: ViewControls }
  | { readonly kind: 'comparison'; readonly papers: readonly Paper[]; readonly comparison: Comparison }
  | {
      readonly kind: 'answer';
      readonly question: string;
      readonly answer: Answer;
      /** The papers the answer could cite; citation n refers to papers[n - 1]. */
      readonly papers: readonly Paper[];
      readonly notices: readonly string[];
    }
  | { readonly kind: 'paper'; readonly paper: Paper; readonly controls?: ViewControls }
  | {
      readonly kind: 'help';
      readonly commands: ReadonlyArray<{
        readonly name: string;
        readonly description: string;
        readonly example: string;
      }>;
    }
  | { readonly kind: 'status'; readonly version: string; readonly entries: readonly StatusEntry[] }
  | {
      readonly kind: 'message';
      readonly text: string;
      readonly tone: 'info' | 'success' | 'warning';
      /** Discord: only the invoking user sees it. */
      readonly private?: boolean;
      /** Sent with the text as an attachment (Discord) or printed after it (terminal). */
      readonly file?: ViewFile;
      readonly controls?: ViewControls;
    }
  | {
      /**
       * Buttons to redraw in place on the message they sit on, matched by their persistent
       * custom_id; the rest of the message stays as it is. A vote uses it to show the new counts.
       */
      readonly kind: 'controls-update';
      readonly buttons: readonly ViewAction[];
    }
  | { readonly kind: 'digest-subscribed'; readonly created: boolean; readonly subscription: DigestSubscriptionView }
  | { readonly kind: 'digest-unsubscribed'; readonly channelId: string }
  | { readonly kind: 'digest-list'; readonly subscriptions: readonly DigestSubscriptionView[] }
  | {
      readonly kind: 'digest-preview';
      /** The channel's local date the preview is for. */
      readonly localDate: string;
      /** What the digest would post now, in order; empty when it would post nothing. */
      readonly messages: readonly DigestMessage[];
    }
  | { readonly kind: 'error'; readonly userMessage: string; readonly errorId: string };

export type ViewKind = View['kind'];

import type { View } from '../../views.ts';
import type { StoreState } from '../custom-id.ts';
import { answerReply } from './answer.ts';
import { comparisonReply } from './comparison.ts';
import { type ActionRow, redrawButtons } from './components.ts';
import { digestReply } from './digest-reply.ts';
import { helpReply } from './help.ts';
import { errorReply, messageReply } from './message.ts';
import { paperReply } from './paper.ts';
import { paperListReply } from './paper-list.ts';
import { type DiscordReply, NO_MENTIONS } from './reply.ts';
import { statusReply } from './status.ts';
import { summaryReply } from './summary.ts';

export type { StoreState } from '../custom-id.ts';
export type { ActionRow } from './components.ts';
export { type DiscordReply, NO_MENTIONS } from './reply.ts';

export interface RenderOptions {
  /** Saves a button's or menu's state and returns its key (see src/discord/custom-id.ts). */
  readonly storeState: StoreState;
  /** The rows of the message a component sits on, for a View that redraws some of them (`controls-update`). */
  readonly current?: readonly ActionRow[];
}

/** Renders a View as a Discord message within every limit in DESIGN.md; pure apart from `storeState`. */
export function toDiscord(view: View, { storeState, current = [] }: RenderOptions): DiscordReply {
  switch (view.kind) {
    case 'paper-list':
      return paperListReply(view, storeState);
    case 'summary':
      return summaryReply(view, storeState);
    case 'comparison':
      return comparisonReply(view);
    case 'answer':
      return answerReply(view);
    case 'paper':
      return paperReply(view, storeState);
    case 'help':
      return helpReply(view);
    case 'status':
      return statusReply(view);
    case 'message':
      return messageReply(view, storeState);
    case 'controls-update':
      // Only the components change: an edit without content or embeds leaves them as they are.
      return { components: redrawButtons(current, view.buttons, storeState), allowedMentions: NO_MENTIONS };
    case 'error':
      return errorReply(view);
    case 'digest-subscribed':
    case 'digest-unsubscribed':
    case 'digest-list':
    case 'digest-preview':
      return digestReply(view);
    default:
      return view satisfies never;
  }
}

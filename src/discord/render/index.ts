import type { View } from '../../views.js';
import { answerReply } from './answer.js';
import { comparisonReply } from './comparison.js';
import type { StoreState } from './components.js';
import { helpReply } from './help.js';
import { errorReply, messageReply } from './message.js';
import { paperReply } from './paper.js';
import { paperListReply } from './paper-list.js';
import type { DiscordReply } from './reply.js';
import { statusReply } from './status.js';
import { summaryReply } from './summary.js';

export type { ActionRow, StoreState } from './components.js';
export { type DiscordReply, NO_MENTIONS } from './reply.js';

export interface RenderOptions {
  /** Saves a button's or menu's state and returns its key (see src/discord/custom-id.ts). */
  readonly storeState: StoreState;
}

/** Renders a View as a Discord message within every limit in DESIGN.md; pure apart from `storeState`. */
export function toDiscord(view: View, { storeState }: RenderOptions): DiscordReply {
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
      return messageReply(view);
    case 'error':
      return errorReply(view);
    default:
      return view satisfies never;
  }
}

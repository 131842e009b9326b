import { ComponentType, type Interaction, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { View } from '../../views.ts';
import type { ComponentStateStore } from '../component-state.ts';
import { type ActionRow, type DiscordReply, NO_MENTIONS, toDiscord } from '../render/index.ts';
import { limitViolations } from '../render/limit-violations.ts';

/** How the interaction was acknowledged, which decides how the final View is sent. */
export type Ack = 'none' | 'public' | 'ephemeral' | 'update';

const SHUTTING_DOWN_MESSAGE = 'Paperboy is restarting; try again in a minute.';

/**
 * Renders `view`, saves its component state, then sends it the way the acknowledgement allows.
 * After a public deferral a private View (an error) cannot be private any more: Discord's first
 * follow-up edits the deferred reply and ignores the ephemeral flag (Create Followup Message), so a
 * follow-up-then-delete would show the error and take it away. It replaces the placeholder, in
 * public; mistakes in the options never get here (prepareCommand answers them before deferring).
 * After a deferred update (a button), a follow-up is a new message and may be ephemeral.
 */
export async function deliver(
  interaction: RepliableInteraction,
  view: View,
  ack: Ack,
  deps: { readonly states: ComponentStateStore; readonly log: Logger },
): Promise<void> {
  const recorder = deps.states.recorder();
  const reply = toDiscord(view, { storeState: recorder.storeState, current: currentRows(interaction) });
  const problems = limitViolations(reply);
  if (problems.length > 0) deps.log.error({ problems, kind: view.kind }, 'rendered message breaks Discord limits');
  await recorder.flush();
  const { flags: _flags, ...edit } = reply;
  switch (ack) {
    case 'none':
      await interaction.reply(reply);
      return;
    case 'ephemeral':
    case 'public':
      // The deferral decided who sees the reply; an edit keeps it (see above).
      await interaction.editReply(edit);
      return;
    case 'update':
      if (reply.flags === MessageFlags.Ephemeral) await interaction.followUp(reply);
      else await interaction.editReply(edit);
      return;
    default:
      ack satisfies never;
  }
}

/** The action rows of the message a button or menu sits on (what a `controls-update` View redraws). */
function currentRows(interaction: RepliableInteraction): ActionRow[] {
  if (!interaction.isMessageComponent()) return [];
  return interaction.message.components
    .map((component) => component.toJSON())
    .filter((row): row is ActionRow => row.type === ComponentType.ActionRow);
}

/** The answer while the bot shuts down: no choices for autocomplete, a short private note otherwise. */
export async function refuseWhileStopping(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return interaction.respond([]);
  if (!interaction.isRepliable()) return;
  const reply: DiscordReply = {
    content: SHUTTING_DOWN_MESSAGE,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  };
  await interaction.reply(reply);
}

import { type Interaction, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { View } from '../../views.ts';
import type { ComponentStateStore } from '../component-state.ts';
import { type DiscordReply, NO_MENTIONS, toDiscord } from '../render/index.ts';
import { limitViolations } from '../render/limit-violations.ts';

/** How the interaction was acknowledged, which decides how the final View is sent. */
export type Ack = 'none' | 'public' | 'ephemeral' | 'update';

const SHUTTING_DOWN_MESSAGE = 'Paperboy is restarting; try again in a minute.';

/**
 * Renders `view`, saves its component state, then sends it the way the acknowledgement allows.
 * An edit cannot make a public reply ephemeral, so a private View (an error) after a public
 * deferral goes out as an ephemeral follow-up and the placeholder is deleted.
 */
export async function deliver(
  interaction: RepliableInteraction,
  view: View,
  ack: Ack,
  deps: { readonly states: ComponentStateStore; readonly log: Logger },
): Promise<void> {
  const recorder = deps.states.recorder();
  const reply = toDiscord(view, { storeState: recorder.storeState });
  const problems = limitViolations(reply);
  if (problems.length > 0) deps.log.error({ problems, kind: view.kind }, 'rendered message breaks Discord limits');
  await recorder.flush();
  const isPrivate = reply.flags === MessageFlags.Ephemeral;
  const { flags: _flags, ...edit } = reply;
  switch (ack) {
    case 'none':
      await interaction.reply(reply);
      return;
    case 'ephemeral':
      await interaction.editReply(edit);
      return;
    case 'public':
      if (!isPrivate) {
        await interaction.editReply(edit);
        return;
      }
      await interaction.followUp(reply);
      await interaction.deleteReply();
      return;
    case 'update':
      if (isPrivate) await interaction.followUp(reply);
      else await interaction.editReply(edit);
      return;
    default:
      ack satisfies never;
  }
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

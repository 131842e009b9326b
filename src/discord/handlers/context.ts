import { type Interaction, PermissionFlagsBits } from 'discord.js';
import type { Clock } from '../../clock.ts';
import type { CommandContext, CommandServices } from '../../interactions/types.ts';
import type { Logger } from '../../log.ts';

export interface ContextDeps {
  readonly services: CommandServices;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Aborted when shutdown stops waiting; handlers pass it to the LLM and sources. */
  readonly signal: AbortSignal;
}

/** What a handler sees of an interaction: who, where, in which language — never the Interaction itself. */
export function interactionContext(interaction: Interaction, log: Logger, deps: ContextDeps): CommandContext {
  return {
    user: { id: interaction.user.id, name: interaction.user.username },
    ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    ...(interaction.isMessageComponent() ? { messageId: interaction.message.id } : {}),
    // Sent with every interaction, gateway or HTTP: no cache or request needed to know it.
    ...(interaction.appPermissions ? { botPermissions: interaction.appPermissions.toArray() } : {}),
    locale: interaction.locale,
    log,
    clock: deps.clock,
    services: deps.services,
    newId: deps.newId,
    signal: deps.signal,
    ...(interaction.inGuild() && interaction.memberPermissions
      ? { canManageChannel: interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels) }
      : {}),
  };
}

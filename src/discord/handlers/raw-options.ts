import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { SUBCOMMAND_KEY } from '../../interactions/options.ts';
import type { RawOptions } from '../../interactions/types.ts';

/**
 * Option values by name, as runCommand's parser takes them; a message command gets its target.
 * Discord nests a subcommand's options under it (`[{ name: 'subscribe', type: 1, options: […] }]`);
 * they are flattened beside `subcommand: 'subscribe'`.
 */
export function rawOptions(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction | AutocompleteInteraction,
): RawOptions {
  if (interaction.isMessageContextMenuCommand()) {
    return { targetId: interaction.targetId, targetText: interaction.targetMessage.content };
  }
  const raw: Record<string, unknown> = {};
  for (const option of interaction.options.data) {
    if (option.type === ApplicationCommandOptionType.Subcommand) {
      raw[SUBCOMMAND_KEY] = option.name;
      for (const nested of option.options ?? []) raw[nested.name] = nested.value;
    } else {
      raw[option.name] = option.value;
    }
  }
  return raw;
}

/** The command an interaction belongs to, for log context: its name, or a component's route. */
export function commandNameOf(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return interaction.customId.split(':')[0] ?? '';
  return '';
}

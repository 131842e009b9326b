import { type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction, MessageFlags } from 'discord.js';
import { prepareCommand, runPrepared } from '../../interactions/run-command.ts';
import type { Logger } from '../../log.ts';
import type { View } from '../../views.ts';
import { deliver } from './deliver.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { rateLimitRefusal, usesLlm } from './rate-limit-check.ts';
import { rawOptions } from './raw-options.ts';

/**
 * A slash command or the message context menu: rate limit, check the options, acknowledge as
 * declared, run, deliver. Mistakes found before acknowledging are answered at once and privately.
 */
export async function onCommand(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  log: Logger,
  deps: HandlerDeps,
): Promise<void> {
  const ctx = deps.context(interaction, log);
  const module = deps.commands.get(interaction.commandName);
  if (!module) {
    log.warn('unknown command (stale registration?)');
    const view: View = {
      kind: 'message',
      text: 'That command is not available any more.',
      tone: 'warning',
      private: true,
    };
    return deliver(interaction, view, 'none', { states: deps.states, log });
  }
  const raw = rawOptions(interaction);
  if (usesLlm(module, raw)) {
    const refused = await rateLimitRefusal(deps.limiter, ctx, { command: interaction.commandName });
    if (refused) return deliver(interaction, refused, 'none', { states: deps.states, log });
  }
  const prepared = prepareCommand(module, raw, ctx);
  if (!prepared.ok) return deliver(interaction, prepared.view, 'none', { states: deps.states, log });
  // Acknowledge before any slow work: Discord drops an interaction not answered within 3 s.
  if (module.defer !== 'none') {
    await interaction.deferReply(module.defer === 'ephemeral' ? { flags: MessageFlags.Ephemeral } : {});
  }
  const view = await runPrepared(module, prepared.input, ctx);
  await deliver(interaction, view, module.defer, { states: deps.states, log });
}

import type { AutocompleteInteraction } from 'discord.js';
import { runAutocomplete } from '../../interactions/run-command.ts';
import type { Logger } from '../../log.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { rawOptions } from './raw-options.ts';

// Discord answers an autocomplete only within 3 s and it cannot be deferred; past this we answer
// with no choices rather than not at all.
const AUTOCOMPLETE_BUDGET_MS = 2500;

/** Autocomplete: the command's choices, or none when it fails or takes too long. */
export async function onAutocomplete(
  interaction: AutocompleteInteraction,
  log: Logger,
  deps: HandlerDeps,
): Promise<void> {
  const module = deps.commands.get(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const ctx = deps.context(interaction, log);
  if (!module) {
    log.warn('autocomplete for an unknown command');
    await interaction.respond([]);
    return;
  }
  const timer = new AbortController();
  const tooSlow = deps.clock.sleep(AUTOCOMPLETE_BUDGET_MS, timer.signal).then(
    () => {
      log.warn({ budgetMs: AUTOCOMPLETE_BUDGET_MS }, 'autocomplete too slow; answering with no choices');
      return [];
    },
    () => [],
  );
  const focusedValue = { name: focused.name, value: String(focused.value) };
  const choices = await Promise.race([
    runAutocomplete(module, focusedValue, rawOptions(interaction), ctx),
    tooSlow,
  ]).finally(() => timer.abort());
  await interaction.respond(choices);
}

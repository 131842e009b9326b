import { type ButtonInteraction, MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import { checkRouteValues, errorView, runRoute } from '../../interactions/run-command.ts';
import type { Logger } from '../../log.ts';
import type { View } from '../../views.ts';
import { decodeCustomId } from '../custom-id.ts';
import { type Ack, deliver } from './deliver.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { rateLimitRefusal } from './rate-limit-check.ts';

/**
 * A button or select menu: the route comes from the custom_id, its state from the component
 * store; acknowledged as the route declares (`update` edits the message, `reply` adds one,
 * `private` adds one only the clicker sees).
 */
export async function onComponent(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
  log: Logger,
  deps: HandlerDeps,
): Promise<void> {
  const ctx = deps.context(interaction, log);
  const send = (view: View, ack: Ack) => deliver(interaction, view, ack, { states: deps.states, log });
  let route: string;
  try {
    route = decodeCustomId(interaction.customId).route;
  } catch (error) {
    return send(errorView(error, ctx, { customId: interaction.customId }), 'none');
  }
  // An unknown route gets the defaults and then runRoute's "expired" message.
  const declared = Object.hasOwn(deps.routes, route) ? deps.routes[route] : undefined;
  if (declared?.llm) {
    const refused = await rateLimitRefusal(deps.limiter, ctx, { route });
    if (refused) return send(refused, 'none');
  }
  const values = interaction.isStringSelectMenu() ? interaction.values : [];
  const refusedValues = checkRouteValues(route, values, ctx, deps.routes);
  if (refusedValues) return send(refusedValues, 'none');
  const fromEphemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
  let ack: Ack;
  if (declared?.ack === 'update') {
    await interaction.deferUpdate();
    ack = 'update';
  } else {
    const privately = fromEphemeral || declared?.ack === 'private';
    await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    ack = privately ? 'ephemeral' : 'public';
  }
  let view: View;
  try {
    const { state } = await deps.states.load(interaction.customId);
    view = await runRoute(route, state, values, ctx, deps.routes);
  } catch (error) {
    view = errorView(error, ctx, { route });
  }
  await send(view, ack);
}

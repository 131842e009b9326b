import { type APIMessageTopLevelComponent, ComponentType } from 'discord-api-types/v10';

/** The custom_ids of a message's buttons and menus, in order. */
export function customIds(message: { components?: APIMessageTopLevelComponent[] }): string[] {
  return (message.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.flatMap((c) => ('custom_id' in c && typeof c.custom_id === 'string' ? [c.custom_id] : []))
      : [],
  );
}

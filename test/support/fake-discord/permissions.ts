import { type APIOverwrite, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { ALL_PERMISSIONS, type StoredChannel, type StoredGuild } from './fixture.ts';

/**
 * Discord's permission algorithm (docs: "Permissions → Permission Overwrites"), the same one
 * `GuildChannel#permissionsFor` runs, so what the fake enforces matches what discord.js sees.
 * Threads take their parent's overwrites.
 */
export function computeChannelPermissions(
  guild: StoredGuild,
  channel: StoredChannel,
  parent: StoredChannel | undefined,
  userId: string,
): bigint {
  if (userId === guild.ownerId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  const memberRoles = new Set(member?.roles ?? []);
  let permissions = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || memberRoles.has(role.id)) permissions |= BigInt(role.permissions);
  }
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;

  const overwrites = (parent ?? channel).overwrites;
  const apply = (overwrite: APIOverwrite | undefined): void => {
    if (!overwrite) return;
    permissions &= ~BigInt(overwrite.deny);
    permissions |= BigInt(overwrite.allow);
  };
  apply(overwrites.find((o) => o.type === OverwriteType.Role && o.id === guild.id));
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === OverwriteType.Role && memberRoles.has(overwrite.id)) {
      roleAllow |= BigInt(overwrite.allow);
      roleDeny |= BigInt(overwrite.deny);
    }
  }
  permissions &= ~roleDeny;
  permissions |= roleAllow;
  apply(overwrites.find((o) => o.type === OverwriteType.Member && o.id === userId));
  return permissions;
}

export function hasPermission(permissions: bigint, flag: bigint): boolean {
  return (permissions & flag) === flag;
}

/** Merges `allow`/`deny` into the overwrite for `id`, creating it when missing. */
export function mergeOverwrite(
  overwrites: APIOverwrite[],
  change: { id: string; type: OverwriteType; allow?: bigint; deny?: bigint },
): void {
  const allow = change.allow ?? 0n;
  const deny = change.deny ?? 0n;
  const existing = overwrites.find((o) => o.id === change.id);
  if (existing) {
    existing.allow = ((BigInt(existing.allow) & ~deny) | allow).toString();
    existing.deny = ((BigInt(existing.deny) & ~allow) | deny).toString();
    return;
  }
  overwrites.push({ id: change.id, type: change.type, allow: allow.toString(), deny: deny.toString() });
}

import { createHash } from 'node:crypto';
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../interactions/types.ts';
import type { Logger } from '../log.ts';
import type { AppState } from '../storage/app-state.ts';

export interface DeployTarget {
  readonly applicationId: string;
  /** Guild commands update at once (development); global ones reach every server. */
  readonly guildId?: string | undefined;
}

export interface DeployOptions extends DeployTarget {
  readonly rest: Pick<REST, 'put'>;
  readonly definitions: readonly CommandDefinition[];
}

/** A REST client for `apiUrl` (discord.js appends /v10), e.g. for `paperboy deploy-commands`. */
export function createDiscordRest(apiUrl: string, token: string): REST {
  return new REST({ api: apiUrl }).setToken(token);
}

/**
 * Replaces every command of the application (in one guild, or globally) with `definitions` in a
 * single bulk PUT, so removed commands disappear too.
 * @throws DiscordAPIError when Discord rejects a definition or the token.
 */
export async function deployCommands({ rest, applicationId, guildId, definitions }: DeployOptions): Promise<number> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  const registered = await rest.put(route, { body: definitions });
  return Array.isArray(registered) ? registered.length : definitions.length;
}

/** sha256 over the definitions and where they go; key order does not matter. */
export function definitionsHash({ applicationId, guildId, definitions }: Omit<DeployOptions, 'rest'>): string {
  return createHash('sha256')
    .update(stableJson({ applicationId, guildId: guildId ?? null, definitions }))
    .digest('hex');
}

export interface RegisterIfChangedOptions extends DeployOptions {
  readonly appState: AppState;
  readonly log: Logger;
}

/**
 * Registers the commands at start-up when their hash differs from the one stored in app_state
 * (migration 001), then stores the new hash. Skipping unchanged definitions keeps restarts from
 * spending Discord's daily command-create budget.
 */
export async function registerIfChanged(options: RegisterIfChangedOptions): Promise<'registered' | 'unchanged'> {
  const { appState, log } = options;
  const hash = definitionsHash(options);
  if ((await appState.get(hashKey(options.guildId))) === hash) {
    log.debug({ guildId: options.guildId, hash }, 'command definitions unchanged');
    return 'unchanged';
  }
  const count = await deployCommands(options);
  await storeDefinitionsHash(options);
  log.info({ count, guildId: options.guildId, hash }, 'commands registered');
  return 'registered';
}

/** Records that these definitions are registered (after `deploy-commands`), so start-up skips them. */
export async function storeDefinitionsHash(options: Omit<RegisterIfChangedOptions, 'rest' | 'log'>): Promise<void> {
  await options.appState.set(hashKey(options.guildId), definitionsHash(options));
}

function hashKey(guildId: string | undefined): string {
  return `discord.commands.${guildId ? `guild:${guildId}` : 'global'}`;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

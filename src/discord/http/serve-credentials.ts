import type { Config } from '../../config.ts';
import { ConfigError } from '../../errors/index.ts';

/**
 * What `paperboy serve` cannot run without: the Public Key that verifies requests and the token for
 * REST. Checked before anything is opened, so a missing one is the first and only thing said.
 * @throws ConfigError naming each missing variable.
 */
export function requireServeCredentials(discord: Pick<Config['discord'], 'publicKey' | 'token'>): {
  readonly publicKey: string;
  readonly token: string;
} {
  const { publicKey, token } = discord;
  if (publicKey && token) return { publicKey, token };
  throw new ConfigError([
    ...(publicKey ? [] : [{ variable: 'DISCORD_PUBLIC_KEY', problem: 'paperboy serve needs the portal’s Public Key' }]),
    ...(token ? [] : [{ variable: 'DISCORD_TOKEN', problem: 'paperboy serve needs the bot token for REST' }]),
  ]);
}

import type { Command } from 'commander';
import { ConfigError, type ConfigIssue, UserInputError } from '../errors/index.ts';
import type { CliContext } from './program.ts';

const SNOWFLAKE = /^\d{17,20}$/;

export function registerDeployCommandsCommand(program: Command, ctx: CliContext): void {
  program
    .command('deploy-commands')
    .description('register the slash commands with Discord (one bulk PUT; global unless a guild is given)')
    .option('--guild <id>', 'register in one guild only (updates at once; for development; default DISCORD_GUILD_ID)')
    .action(async (options: { guild?: string }) => {
      const config = ctx.config();
      const { token, clientId } = config.discord;
      const issues: ConfigIssue[] = [];
      if (!token) issues.push({ variable: 'DISCORD_TOKEN', problem: 'needed to register commands (the bot token)' });
      if (!clientId) {
        issues.push({
          variable: 'DISCORD_CLIENT_ID',
          problem: 'needed by deploy-commands: the Application ID from the Developer Portal (General Information)',
        });
      }
      if (!token || !clientId) throw new ConfigError(issues);
      const guildId = options.guild ?? config.discord.guildId;
      if (guildId !== undefined && !SNOWFLAKE.test(guildId)) {
        throw new UserInputError(
          '--guild takes a Discord server id (17–20 digits; right-click the server → Copy Server ID).',
        );
      }
      const [{ commands }, { createDiscordRest, deployCommands, storeDefinitionsHash }] = await Promise.all([
        import('../../commands/index.ts'),
        import('../discord/deploy.ts'),
      ]);
      const definitions = commands.map((module) => module.definition);
      const rest = createDiscordRest(config.discord.restUrl, token);
      const count = await deployCommands({ rest, applicationId: clientId, guildId, definitions });
      await ctx.withApp(async (app) => {
        await storeDefinitionsHash({ appState: app.appState, applicationId: clientId, guildId, definitions });
      });
      ctx.print(`Registered ${count} commands ${guildId ? `in guild ${guildId}` : 'globally'}.`);
    });
}

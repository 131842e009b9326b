import type { Command } from 'commander';
import { UserInputError } from '../errors/index.ts';
import type { CliContext } from './program.ts';

export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('post digests as a BullMQ worker (REDIS_URL, DISCORD_TOKEN), without the gateway')
    .action(async () => {
      const config = ctx.config();
      if (!config.redis.url) {
        throw new UserInputError(
          'paperboy worker needs REDIS_URL (or a redis:// CACHE_URL) to share digest jobs; without Redis, paperboy start posts every digest itself.',
        );
      }
      const token = config.discord.token;
      if (!token) throw new UserInputError('paperboy worker posts digests and needs DISCORD_TOKEN.');
      await runWorker(ctx, config.discord.restUrl, token);
    });
}

/**
 * Ticks and works digest jobs until SIGINT or SIGTERM, then drains: the tick ends, the digests in
 * progress are posted to the end, and withApp closes the database. Posting needs only discord.js's
 * REST client (through DISCORD_REST_PROXY_URL when set), so any number of these run beside (or instead of) the gateway's `paperboy start`.
 */
async function runWorker(ctx: CliContext, restUrl: string, token: string): Promise<void> {
  ctx.logTo('stderr');
  const log = ctx.log();
  const [{ createDiscordRest }, { createDigestDelivery }, { digestControls }] = await Promise.all([
    import('../discord/deploy.ts'),
    import('../discord/digest-channel.ts'),
    import('../../commands/shared/digest-controls.ts'),
  ]);
  await ctx.withApp(
    async (app) => {
      const signalled = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // The same buttons and menus as the bot's posts (feedback, Discuss): the bot answers them.
      const delivery = createDigestDelivery(createDiscordRest(restUrl, token), digestControls);
      const scheduler = app.digest.createScheduler(delivery);
      scheduler.start();
      try {
        const signal = await signalled;
        log.info({ signal }, 'digest worker draining');
      } finally {
        await scheduler.stop();
      }
    },
    { mode: 'bot' },
  );
}

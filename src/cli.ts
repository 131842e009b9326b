import { registerChatCommand } from './cli/chat-command.ts';
import { registerConfigCommand } from './cli/config-command.ts';
import { registerDeployCommandsCommand } from './cli/deploy-commands-command.ts';
import { registerDigestCommand } from './cli/digest-command.ts';
import { registerDoctorCommand } from './cli/doctor-command.ts';
import { registerIngestCommand } from './cli/ingest-command.ts';
import { registerLlmCommands } from './cli/llm-commands.ts';
import { registerPaperCommand } from './cli/paper-command.ts';
import { createCliContext, createProgram } from './cli/program.ts';
import { registerRemoveCommand } from './cli/remove-command.ts';
import { registerRestProxyCommand } from './cli/rest-proxy-command.ts';
import { registerSearchCommand } from './cli/search-command.ts';
import { registerServeCommand } from './cli/serve-command.ts';
import { registerStartCommand } from './cli/start-command.ts';
import { registerWorkerCommand } from './cli/worker-command.ts';
import { isPaperboyError } from './errors/index.ts';
import { VERSION } from './version.ts';

/** The `paperboy` command. Each subcommand lives in src/cli/ and is registered here. */
export async function main(argv: readonly string[]): Promise<void> {
  const ctx = createCliContext();
  const program = createProgram(VERSION);
  // Config, logging and everything behind them load only once a command runs, not for --help.
  program.hook('preAction', () => ctx.load());
  registerStartCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerWorkerCommand(program, ctx);
  registerConfigCommand(program, ctx);
  registerDeployCommandsCommand(program, ctx);
  registerIngestCommand(program, ctx);
  registerPaperCommand(program, ctx);
  registerSearchCommand(program, ctx);
  registerLlmCommands(program, ctx);
  registerChatCommand(program, ctx);
  registerDigestCommand(program, ctx);
  registerDoctorCommand(program, ctx);
  registerRemoveCommand(program, ctx);
  registerRestProxyCommand(program, ctx);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (isPaperboyError(error)) {
      // The person at the terminal runs this instance, so the detail is theirs to see.
      const detail = error.message !== error.userMessage ? `  (${error.message})\n` : '';
      process.stderr.write(`${error.userMessage}\n${detail}`);
    } else {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  } finally {
    ctx.finish();
  }
}

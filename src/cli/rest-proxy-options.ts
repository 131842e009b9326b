import { z } from 'zod';
import { parseCliOptions } from './parse-cli-options.ts';
import { portOption } from './port-option.ts';

// Apart from rest-proxy-command.ts so that registering the commands (all `paperboy --help` does)
// loads no zod.

const Options = z.object({
  port: portOption.optional(),
  host: z.string().trim().min(1).optional(),
});

/** `rest-proxy`'s options, checked. @throws UserInputError naming the option. */
export function parseRestProxyOptions(
  raw: Record<string, unknown>,
  defaultPort: number,
): { port: number; host?: string } {
  const { port, host } = parseCliOptions(Options, raw);
  return { port: port ?? defaultPort, ...(host ? { host } : {}) };
}

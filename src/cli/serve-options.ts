import { z } from 'zod';
import { parseCliOptions } from './parse-cli-options.ts';
import { portOption } from './port-option.ts';

// Apart from serve-command.ts so that registering the commands (all `paperboy --help` does)
// loads no zod.

const ServeOptions = z.object({
  port: portOption.optional(),
  drainNotice: z.coerce.number({ error: 'expected milliseconds' }).int('expected milliseconds').min(0).optional(),
  drainGrace: z.coerce.number({ error: 'expected milliseconds' }).int('expected milliseconds').min(0).optional(),
});

export type ServeOptions = z.infer<typeof ServeOptions>;

/** @throws UserInputError naming the bad option. */
export function parseServeOptions(raw: Record<string, unknown>): ServeOptions {
  return parseCliOptions(ServeOptions, raw);
}

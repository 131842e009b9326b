import type { z } from 'zod';
import { UserInputError } from '../errors/index.ts';

/**
 * A command's options checked against `schema`.
 * @throws UserInputError naming the first bad option as it is typed (`--max-papers`).
 */
export function parseCliOptions<T>(schema: z.ZodType<T>, raw: Record<string, unknown>): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UserInputError(`--${flag}: ${issue?.message ?? 'invalid value'}`, { cause: parsed.error });
  }
  return parsed.data;
}

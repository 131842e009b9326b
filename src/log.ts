import type { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';
import { createSecretMasker } from './mask-secrets.ts';

export type { Logger } from 'pino';

// Keys are redacted wherever they appear in a log object, however deep.
const REDACT = [
  '*.token',
  '*.apiKey',
  '*.authorization',
  '*.Authorization',
  'token',
  'apiKey',
  '*.headers.authorization',
];

export interface LoggerOptions {
  readonly pretty?: boolean;
  /** Values masked wherever they appear in a line: the configured token and keys (secretValues). */
  readonly secrets?: readonly (string | undefined)[];
  /** Where JSON lines go instead of stderr (tests). */
  readonly destination?: Writable;
}

/**
 * The root logger. Logs go to stderr so that a command's stdout (e.g. `--json`) can be piped;
 * pretty when stderr is a terminal, JSON lines otherwise. Every line is masked as a whole before
 * it is written (src/mask-secrets.ts), so a token inside an error's URL or an echoed key never
 * reaches the log, whichever field carries it.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const pretty = options.destination === undefined && (options.pretty ?? process.stderr.isTTY === true);
  const mask = createSecretMasker(options.secrets);
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      hooks: { streamWrite: mask },
      transport: pretty
        ? { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } }
        : undefined,
    },
    pretty ? undefined : (options.destination ?? pino.destination({ fd: 2, sync: false })),
  );
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

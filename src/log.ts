import { type Logger, pino } from 'pino';

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

/**
 * The root logger. Logs go to stderr so that a command's stdout (e.g. `--json`) can be piped;
 * pretty when stderr is a terminal, JSON lines otherwise.
 */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY === true;
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      transport: pretty
        ? { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } }
        : undefined,
    },
    pretty ? undefined : pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

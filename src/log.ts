import { renameSync, statSync } from 'node:fs';
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
  /**
   * A file that JSON lines are appended to instead of stderr: the terminal chat and commands run in
   * a terminal, so the screen shows answers, not records (issue 15). Rotated once it grows large.
   */
  readonly file?: string;
  /** Called for every record at warn or above, e.g. to say once at the end that the log has some. */
  readonly onWarning?: () => void;
}

// pino's numeric level of `warn`.
const WARN_LEVEL = 40;
// A log file past this size is moved to `<file>.1` when a logger opens it, so it never grows unbounded.
const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The root logger. Logs go to stderr so that a command's stdout (e.g. `--json`) can be piped;
 * pretty when stderr is a terminal, JSON lines otherwise; or to `options.file`. Every line is masked
 * as a whole before it is written (src/mask-secrets.ts), so a token inside an error's URL or an
 * echoed key never reaches the log, whichever field carries it.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const toStderr = options.destination === undefined && options.file === undefined;
  const pretty = toStderr && (options.pretty ?? process.stderr.isTTY === true);
  const mask = createSecretMasker(options.secrets);
  const { onWarning } = options;
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      hooks: {
        streamWrite: mask,
        ...(onWarning
          ? {
              logMethod(args, method, recordLevel) {
                if (recordLevel >= WARN_LEVEL) onWarning();
                method.apply(this, args);
              },
            }
          : {}),
      },
      transport: pretty
        ? { target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } }
        : undefined,
    },
    pretty ? undefined : (options.destination ?? destinationFor(options.file)),
  );
}

function destinationFor(file: string | undefined) {
  if (file === undefined) return pino.destination({ fd: 2, sync: false });
  rotate(file);
  return pino.destination({ dest: file, append: true, mkdir: true, sync: false });
}

function rotate(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (size > LOG_FILE_MAX_BYTES) renameSync(file, `${file}.1`);
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

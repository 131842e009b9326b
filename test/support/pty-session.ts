import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';

/** Whether util-linux `script` is here to give a command a pseudo-terminal. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

export interface PtySession {
  /** Types text, as keys: `\r` is Enter, `\x03` is Ctrl-C. */
  type(text: string): void;
  /** Resolves once `text` appears in the output after position `from` (default: anywhere). */
  waitFor(text: string, from?: number): Promise<number>;
  /** Everything the terminal received so far, escape sequences included. */
  output(): string;
  /** Resolves with the exit code once the command ends. */
  exited(): Promise<number | null>;
}

/**
 * Runs `argv` in a real pseudo-terminal of `columns` × `rows` (util-linux `script`, which copies
 * our keystrokes to it and its screen output back), so raw-mode readline, Ctrl-C as a key and
 * `process.stdout.columns` behave as they do for a person at a terminal.
 */
export function startPtySession(options: {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly columns: number;
  readonly rows: number;
  readonly timeoutMs?: number;
}): PtySession {
  const command = [`stty cols ${options.columns} rows ${options.rows}`, `exec ${options.argv.map(quote).join(' ')}`];
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-q', '-e', '-c', command.join('; '), '/dev/null'], {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    type: (text) => {
      child.stdin.write(text);
    },
    async waitFor(text, from = 0) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const at = output.indexOf(text, from);
        if (at >= 0) return at;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      child.kill('SIGKILL');
      throw new Error(`no ${JSON.stringify(text)} within ${timeoutMs} ms; the screen got:\n${visibleText(output)}`);
    },
    output: () => output,
    exited: () => exit,
  };
}

/** The text a terminal shows for `raw`: escape sequences and carriage returns removed, lines as printed. */
export function visibleText(raw: string): string {
  return (
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escapes is the point.
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal escapes is the point.
      .replace(/\u001b\][^\u0007]*\u0007/g, '')
      .replace(/\r+\n/g, '\n')
      .replace(/\r/g, '\n')
  );
}

function quote(arg: string): string {
  return /^[\w./:=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

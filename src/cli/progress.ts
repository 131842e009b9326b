// Progress for long work (ingest, benchmarks) on stderr, so stdout keeps only results (issue 15:
// 49,000 papers took 9 s in silence). On a terminal one line is redrawn in place; elsewhere (a
// log, CI) a line is written every few seconds, and nothing at all for work done before the first.

/** Where progress is written: process.stderr, or anything with the same shape (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** What is being done, e.g. `file (jsonl)` or `index 100,000 papers`. */
  readonly label: string;
  /** What is counted, e.g. `papers` (default `items`). */
  readonly unit?: string;
  readonly stream?: ProgressStream;
  /** Milliseconds, e.g. Date.now or a test clock. */
  readonly now?: () => number;
  /** Off a terminal, the time between lines (default 5 s). */
  readonly everyMs?: number;
}

export interface Progress {
  /**
   * `done` of `total` so far (leave `total` out when it is not known: the line then shows the time
   * taken). Cheap enough for every step of a loop: it draws at most ten times a second.
   */
  update(done: number, total?: number): void;
  /** Ends the progress: a terminal's line is cleared; elsewhere, a last line if any was written. */
  finish(): void;
}

// A terminal redraws at most this often; more would cost more than the work it reports.
const REDRAW_MS = 100;
const DEFAULT_EVERY_MS = 5000;

/** A Progress on `stream` (default stderr): redrawn in place on a terminal, a line every few seconds elsewhere. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? 'items';
  const everyMs = options.everyMs ?? DEFAULT_EVERY_MS;
  const tty = stream.isTTY === true;
  const started = now();
  let drawnAt = tty ? Number.NEGATIVE_INFINITY : started;
  let lines = 0;
  let drawn = false;
  let last = { done: 0, total: undefined as number | undefined };

  const line = (): string => progressLine(options.label, unit, last.done, last.total, now() - started);
  return {
    update(done, total) {
      last = { done, total };
      // Off a terminal the last step is finish()'s line; saying it twice helps no one.
      if (!tty && total !== undefined && done >= total) return;
      const at = now();
      if (at - drawnAt < (tty ? REDRAW_MS : everyMs)) return;
      drawnAt = at;
      if (tty) {
        // One line, cut to the window so it never wraps (a wrapped line cannot be redrawn in place).
        const width = Math.max(20, (stream.columns ?? 80) - 1);
        stream.write(`\r${line().slice(0, width)}\u001b[K`);
        drawn = true;
      } else {
        stream.write(`${line()}\n`);
        lines++;
      }
    },
    finish() {
      if (tty && drawn) stream.write('\r\u001b[K');
      if (!tty && lines > 0) stream.write(`${line()} — done\n`);
    },
  };
}

/** Runs `work`, showing on `progress` the time it has taken, every second: for a wait of unknown size (a live fetch). */
export async function whileWaiting<T>(progress: Progress, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => progress.update(0), 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    progress.finish();
  }
}

/** `file (jsonl): 12,000/49,000 papers (24%) · 4,100 papers/s · ETA 9 s`, or `arxiv: 12 s` without counts. */
export function progressLine(
  label: string,
  unit: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
): string {
  const seconds = elapsedMs / 1000;
  if (done === 0 && total === undefined) return `${label}: ${duration(seconds)}`;
  const rate = seconds > 0 ? done / seconds : 0;
  const parts = [
    total === undefined
      ? `${count(done)} ${unit}`
      : `${count(done)}/${count(total)} ${unit} (${total > 0 ? Math.floor((done / total) * 100) : 100}%)`,
    `${count(Math.round(rate))} ${unit}/s`,
  ];
  if (total !== undefined && rate > 0 && done < total) parts.push(`ETA ${duration((total - done) / rate)}`);
  else parts.push(duration(seconds));
  return `${label}: ${parts.join(' · ')}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

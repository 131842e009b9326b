import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Names a process well enough to tell, on its host, whether it still runs. */
export interface ProcessIdentity {
  readonly host: string;
  readonly pid: number;
  /**
   * When it started (Linux: clock ticks after boot, /proc/<pid>/stat field 22), so that a pid reused
   * by a later process, such as a restarted container's, is not mistaken for it; '' when unknown.
   */
  readonly started: string;
}

export function currentProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, started: statOf(process.pid)?.started ?? '' };
}

/**
 * Whether the process still runs on this host: its pid answers signal 0 and, where /proc tells,
 * it is not a zombie and started when the identity says. Unknown counts as running, so a lease is
 * only taken over from a holder that is certainly gone.
 */
export function isRunning(holder: ProcessIdentity): boolean {
  // pid 0 or below would signal a process group, not a process.
  if (!Number.isSafeInteger(holder.pid) || holder.pid <= 0) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    // EPERM: it exists but belongs to another user.
    if (code !== 'EPERM') throw error;
  }
  const stat = statOf(holder.pid);
  if (!stat) return true;
  if (stat.state === 'Z') return false;
  return holder.started === '' || stat.started === holder.started;
}

function statOf(pid: number): { readonly state: string; readonly started: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    // No /proc (macOS, Windows), or the process ended just now.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Field 2, the command name, is in parentheses and may hold spaces; fields 3… follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const started = fields[22 - 3];
  return state && started ? { state, started } : undefined;
}

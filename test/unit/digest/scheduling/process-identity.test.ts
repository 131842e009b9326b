import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { currentProcess, isRunning } from '../../../../src/digest/scheduling/process-identity.ts';

const onLinux = process.platform === 'linux';

describe('isRunning', () => {
  it('says this process runs', () => {
    expect(isRunning(currentProcess())).toBe(true);
  });

  it('says a process that exited is gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const self = { ...currentProcess(), pid: child.pid ?? -1 };
    await once(child, 'exit');
    expect(isRunning(self)).toBe(false);
  });

  it.runIf(onLinux)('says a process with its pid but another start is gone (a reused pid)', () => {
    expect(isRunning({ ...currentProcess(), started: '1' })).toBe(false);
  });

  it.runIf(onLinux)('knows when this process started', () => {
    expect(currentProcess().started).toMatch(/^\d+$/);
  });

  it('counts a pid it cannot check (0 signals a process group) as running', () => {
    expect(isRunning({ ...currentProcess(), pid: 0 })).toBe(true);
  });
});

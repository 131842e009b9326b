import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDiscussionStore } from '../../../src/discussions/thread-store.ts';
import { openDatabase } from '../../../src/library/database.ts';
import { silentLogger } from '../../../src/log.ts';

function databaseFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-threads-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'paperboy.sqlite');
}

const THREAD = {
  threadId: '900',
  channelId: '100',
  messageId: '900',
  paperId: 'arxiv:2401.00001',
  createdBy: '7',
  createdAt: '2026-12-01T09:00:00.000Z',
};

describe('createDiscussionStore', () => {
  it('finds a thread by its id and by the message and paper it was opened for', async () => {
    const db = openDatabase(databaseFile(), { log: silentLogger() });
    onTestFinished(() => db.close());
    const store = createDiscussionStore(db);
    await store.record(THREAD);
    expect(await store.byThread('900')).toEqual(THREAD);
    expect(await store.byMessage('900', 'arxiv:2401.00001')).toEqual(THREAD);
    expect(await store.byMessage('900', 'arxiv:2401.00002')).toBeUndefined();
    expect(await store.byThread('901')).toBeUndefined();
  });

  it('keeps the first record when a second names the same message and paper', async () => {
    const db = openDatabase(databaseFile(), { log: silentLogger() });
    onTestFinished(() => db.close());
    const store = createDiscussionStore(db);
    await store.record(THREAD);
    expect(await store.record({ ...THREAD, threadId: '901', createdBy: '8' })).toEqual(THREAD);
    expect(await store.byThread('901')).toBeUndefined();
  });

  it('survives closing and reopening the database', async () => {
    const file = databaseFile();
    const first = openDatabase(file, { log: silentLogger() });
    await createDiscussionStore(first).record(THREAD);
    first.close();
    const again = openDatabase(file, { log: silentLogger() });
    onTestFinished(() => again.close());
    expect(await createDiscussionStore(again).byThread('900')).toEqual(THREAD);
  });
});

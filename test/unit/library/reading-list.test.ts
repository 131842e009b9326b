import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../src/library/database.ts';
import { createReadingList } from '../../../src/library/reading-list.ts';
import { silentLogger } from '../../../src/log.ts';
import { makePaper } from '../../support/builders.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

function openList(file?: string) {
  const dir = file ? undefined : mkdtempSync(join(tmpdir(), 'paperboy-reading-'));
  if (dir) onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = file ?? join(dir ?? '', 'paperboy.sqlite');
  const db = openDatabase(path, { log: silentLogger() });
  onTestFinished(() => {
    if (db.isOpen) db.close();
  });
  const clock = createFakeClock({ start: Date.parse('2025-03-10T12:00:00Z') });
  return { list: createReadingList({ db, clock }), clock, db, path };
}

const a = makePaper({ id: 'arxiv:2401.00001', title: 'Alpha Decoding' });
const b = makePaper({ id: 'arxiv:2401.00002', title: 'Beta Speech Models' });
const c = makePaper({ id: 'arxiv:2401.00003', title: 'Gamma Rays' });

describe('createReadingList', () => {
  it('saves once per user and paper, counting the list', async () => {
    const { list } = openList();
    expect(await list.save('u1', a, { max: 10 })).toEqual({ outcome: 'added', count: 1 });
    expect(await list.save('u1', { ...a, title: 'Alpha Decoding v2' }, { max: 10 })).toEqual({
      outcome: 'kept',
      count: 1,
    });
    expect(await list.save('u2', a, { max: 10 })).toEqual({ outcome: 'added', count: 1 });
    const [saved] = await list.all('u1');
    expect(saved?.paper.title).toBe('Alpha Decoding v2');
  });

  it('keeps each list private to its user', async () => {
    const { list } = openList();
    await list.save('u1', a, { max: 10 });
    expect(await list.all('u2')).toEqual([]);
    expect(await list.remove('u2', a.id)).toBe(false);
    expect((await list.all('u1')).map((s) => s.paper.id)).toEqual([a.id]);
  });

  it('pages newest first with the total', async () => {
    const { list, clock } = openList();
    for (const paper of [a, b, c]) {
      await list.save('u1', paper, { max: 10 });
      await clock.advance(1000);
    }
    const first = await list.page('u1', { offset: 0, limit: 2 });
    expect([first.items.map((s) => s.paper.id), first.total]).toEqual([[c.id, b.id], 3]);
    const second = await list.page('u1', { offset: 2, limit: 2 });
    expect(second.items.map((s) => s.paper.id)).toEqual([a.id]);
    expect(second.items[0]?.savedAt).toBe('2025-03-10T12:00:00.000Z');
  });

  it('refuses a paper past the maximum and writes nothing', async () => {
    const { list } = openList();
    await list.save('u1', a, { max: 2 });
    await list.save('u1', b, { max: 2 });
    expect(await list.save('u1', c, { max: 2 })).toEqual({ outcome: 'full', count: 2 });
    expect(await list.save('u1', a, { max: 2 })).toEqual({ outcome: 'kept', count: 2 });
    expect((await list.all('u1')).map((s) => s.paper.id).sort()).toEqual([a.id, b.id]);
  });

  it('finds saved papers by title or id, case-insensitively', async () => {
    const { list } = openList();
    for (const paper of [a, b, c]) await list.save('u1', paper, { max: 10 });
    expect((await list.find('u1', 'SPEECH', 5)).map((s) => s.paper.id)).toEqual([b.id]);
    expect((await list.find('u1', '2401.00003', 5)).map((s) => s.paper.id)).toEqual([c.id]);
    expect(await list.find('u2', 'speech', 5)).toEqual([]);
  });

  it('removes a saved paper', async () => {
    const { list } = openList();
    await list.save('u1', a, { max: 10 });
    expect(await list.remove('u1', a.id)).toBe(true);
    expect(await list.remove('u1', a.id)).toBe(false);
    expect((await list.page('u1', { offset: 0, limit: 5 })).total).toBe(0);
  });

  it('keeps the list and its snapshots across a reopen of the database file', async () => {
    const first = openList();
    await first.list.save('u1', { ...b, doi: '10.1000/xyz' }, { max: 10 });
    first.db.close();
    const again = openList(first.path);
    const [saved] = await again.list.all('u1');
    expect(saved?.paper).toMatchObject({ id: b.id, title: b.title, doi: '10.1000/xyz' });
  });
});

import { describe, expect, it } from 'vitest';
import { makePaper } from '../../support/builders.ts';
import { STATE_BACKENDS } from '../../support/state-backends.ts';

const a = makePaper({ id: 'arxiv:2401.00001', title: 'Alpha Decoding' });
const b = makePaper({ id: 'arxiv:2401.00002', title: 'Beta Speech Models' });
const c = makePaper({ id: 'arxiv:2401.00003', title: 'Gamma Rays' });

describe.each(STATE_BACKENDS)('ReadingList on %s', (_name, makeStorage) => {
  async function list() {
    const storage = await makeStorage({ start: Date.parse('2025-03-10T12:00:00Z') });
    return { list: (await storage.node()).readingList, storage };
  }

  it('saves once per user and paper, counting the list, and refreshes the snapshot', async () => {
    const { list: saved } = await list();
    expect(await saved.save('u1', a, { max: 10 })).toEqual({ outcome: 'added', count: 1 });
    expect(await saved.save('u1', { ...a, title: 'Alpha Decoding v2' }, { max: 10 })).toEqual({
      outcome: 'kept',
      count: 1,
    });
    expect(await saved.save('u2', a, { max: 10 })).toEqual({ outcome: 'added', count: 1 });
    expect((await saved.all('u1')).map((s) => s.paper.title)).toEqual(['Alpha Decoding v2']);
  });

  it('keeps each list private to its user', async () => {
    const { list: saved } = await list();
    await saved.save('u1', a, { max: 10 });
    expect(await saved.all('u2')).toEqual([]);
    expect(await saved.remove('u2', a.id)).toBe(false);
    expect((await saved.all('u1')).map((s) => s.paper.id)).toEqual([a.id]);
  });

  it('pages newest first with the total and the time each was saved', async () => {
    const { list: saved, storage } = await list();
    for (const paper of [a, b, c]) {
      await saved.save('u1', paper, { max: 10 });
      await storage.clock.advance(1000);
    }
    const first = await saved.page('u1', { offset: 0, limit: 2 });
    expect([first.items.map((s) => s.paper.id), first.total]).toEqual([[c.id, b.id], 3]);
    const second = await saved.page('u1', { offset: 2, limit: 2 });
    expect(second.items.map((s) => [s.paper.id, s.savedAt])).toEqual([[a.id, '2025-03-10T12:00:00.000Z']]);
  });

  it('refuses a new paper past the maximum and writes nothing', async () => {
    const { list: saved } = await list();
    await saved.save('u1', a, { max: 2 });
    await saved.save('u1', b, { max: 2 });
    expect(await saved.save('u1', c, { max: 2 })).toEqual({ outcome: 'full', count: 2 });
    expect(await saved.save('u1', a, { max: 2 })).toEqual({ outcome: 'kept', count: 2 });
    expect((await saved.all('u1')).map((s) => s.paper.id).sort()).toEqual([a.id, b.id]);
  });

  it('holds the maximum when one user saves from two nodes at once', async () => {
    const storage = await makeStorage();
    const [one, two] = [(await storage.node()).readingList, (await storage.node()).readingList];
    const papers = Array.from({ length: 6 }, (_, i) => makePaper({ id: `arxiv:2402.0000${i}` }));
    await Promise.all(papers.map((paper, i) => (i % 2 ? one : two).save('u1', paper, { max: 4 })));
    expect((await one.page('u1', { offset: 0, limit: 0 })).total).toBe(4);
  });

  it('finds saved papers by title or id, case-insensitively', async () => {
    const { list: saved } = await list();
    for (const paper of [a, b, c]) await saved.save('u1', paper, { max: 10 });
    expect((await saved.find('u1', 'SPEECH', 5)).map((s) => s.paper.id)).toEqual([b.id]);
    expect((await saved.find('u1', '2401.00003', 5)).map((s) => s.paper.id)).toEqual([c.id]);
    expect(await saved.find('u2', 'speech', 5)).toEqual([]);
  });

  it('removes a saved paper', async () => {
    const { list: saved } = await list();
    await saved.save('u1', a, { max: 10 });
    expect(await saved.remove('u1', a.id)).toBe(true);
    expect(await saved.remove('u1', a.id)).toBe(false);
    expect((await saved.page('u1', { offset: 0, limit: 5 })).total).toBe(0);
  });

  it('is one list for every node, with the snapshot as saved', async () => {
    const storage = await makeStorage();
    await (await storage.node()).readingList.save('u1', { ...b, doi: '10.1000/xyz' }, { max: 10 });
    const [saved] = await (await storage.node()).readingList.all('u1');
    expect(saved?.paper).toMatchObject({ id: b.id, title: b.title, doi: '10.1000/xyz' });
  });
});

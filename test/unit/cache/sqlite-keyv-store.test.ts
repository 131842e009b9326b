import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { keyvApiTests, keyvIteratorTests, keyvNamespaceTest, keyvValueTests } from '@keyv/test-suite';
import { Keyv } from 'keyv';
import * as vitest from 'vitest';
import { SqliteKeyvStore } from '../../../src/cache/sqlite-keyv-store.ts';

const { describe, expect, it } = vitest;

function tempDb(): DatabaseSync {
  return new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'paperboy-keyv-')), 'cache.sqlite'));
}

// Keyv's own compliance suite: the adapter behaves like every other Keyv store.
const sharedDb = tempDb();
const store = () => new SqliteKeyvStore(sharedDb, 'sqlite://test');
keyvApiTests(vitest, Keyv, store);
keyvValueTests(vitest, Keyv, store);
keyvNamespaceTest(vitest, Keyv, store);
keyvIteratorTests(vitest, Keyv, store);

describe('SqliteKeyvStore', () => {
  it('keeps values across connections to the same file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-keyv-')), 'cache.sqlite');
    const first = new DatabaseSync(file);
    await new Keyv({ store: new SqliteKeyvStore(first, 'sqlite://x'), namespace: 'llm' }).set('k', { a: 1 });
    first.close();
    const second = new DatabaseSync(file);
    expect(await new Keyv({ store: new SqliteKeyvStore(second, 'sqlite://x'), namespace: 'llm' }).get('k')).toEqual({
      a: 1,
    });
  });

  it('clears only its own namespace', async () => {
    const db = tempDb();
    const llm = new Keyv({ store: new SqliteKeyvStore(db, 'sqlite://x'), namespace: 'llm' });
    const search = new Keyv({ store: new SqliteKeyvStore(db, 'sqlite://x'), namespace: 'search' });
    await llm.set('a', 1);
    await search.set('a', 2);
    await llm.clear();
    expect(await llm.get('a')).toBeUndefined();
    expect(await search.get('a')).toBe(2);
  });

  it('treats a namespace with LIKE wildcards literally when clearing', async () => {
    const db = tempDb();
    const odd = new Keyv({ store: new SqliteKeyvStore(db, 'sqlite://x'), namespace: 'a_' });
    const other = new Keyv({ store: new SqliteKeyvStore(db, 'sqlite://x'), namespace: 'ab' });
    await odd.set('k', 1);
    await other.set('k', 2);
    await odd.clear();
    expect(await other.get('k')).toBe(2);
  });

  it('expires entries by its clock and sweeps them from the file', async () => {
    const db = tempDb();
    let now = 1_000_000;
    const store = new SqliteKeyvStore(db, 'sqlite://x', () => now);
    await store.set('ns:short', 'v', 1000);
    await store.set('ns:forever', 'v');
    now += 1001;
    expect(await store.get('ns:short')).toBeUndefined();
    await store.set('ns:short2', 'v', 10);
    now += 11;
    expect(store.sweep()).toBe(1);
    expect(await store.get('ns:forever')).toBe('v');
  });
});

import { EventEmitter } from 'node:events';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { transaction } from '../sqlite/transaction.ts';

// How many sets between sweeps of expired rows; Keyv ignores expired values on read, this only
// keeps the file from growing.
const SWEEP_EVERY = 1000;
const ITERATOR_BATCH = 500;

/**
 * A Keyv store on Node's built-in node:sqlite, so installing needs no native build. Several
 * stores (one per namespace) share one connection; keys arrive already prefixed by Keyv.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { dialect: 'sqlite'; url: string };
  namespace?: string | undefined;
  readonly #statements: ReturnType<typeof prepare>;
  #setsSinceSweep = 0;

  readonly db: DatabaseSync;

  readonly now: () => number;

  constructor(db: DatabaseSync, url: string, now: () => number = Date.now) {
    super();

    this.db = db;

    this.now = now;
    this.opts = { dialect: 'sqlite', url };
    db.exec(`CREATE TABLE IF NOT EXISTS keyv (
      key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires INTEGER
    ) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires) WHERE expires IS NOT NULL');
    this.#statements = prepare(db);
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.#read(key) as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    return keys.map((key) => this.#read(key) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const expires = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
    this.#statements.upsert.run(key, serialize(value), expires);
    if (++this.#setsSinceSweep >= SWEEP_EVERY) this.sweep();
    return true;
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    transaction(this.db, () => {
      for (const { key, value, ttl } of entries) {
        const expires = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl : null;
        this.#statements.upsert.run(key, serialize(value), expires);
      }
    });
  }

  async delete(key: string): Promise<boolean> {
    return Number(this.#statements.delete.run(key).changes) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    let deleted = 0;
    transaction(this.db, () => {
      for (const key of keys) deleted += Number(this.#statements.delete.run(key).changes);
    });
    return deleted > 0;
  }

  async has(key: string): Promise<boolean> {
    return this.#read(key) !== undefined;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.#read(key) !== undefined);
  }

  /** Clears this store's namespace only (or everything when it has none). */
  async clear(): Promise<void> {
    if (this.namespace) this.#statements.deletePrefix.run(`${escapeLike(this.namespace)}:%`);
    else this.#statements.deleteAll.run();
  }

  async *iterator<Value>(namespace?: string): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    const pattern = namespace ? `${escapeLike(namespace)}:%` : '%';
    let after = '';
    for (;;) {
      const rows = this.#statements.page.all(pattern, after, this.now(), ITERATOR_BATCH) as unknown as Row[];
      for (const row of rows) yield [row.key, row.value as Awaited<Value>];
      const last = rows.at(-1);
      if (!last || rows.length < ITERATOR_BATCH) return;
      after = last.key;
    }
  }

  /** Deletes expired rows; returns how many. */
  sweep(): number {
    this.#setsSinceSweep = 0;
    return Number(this.#statements.sweep.run(this.now()).changes);
  }

  async disconnect(): Promise<void> {
    // The connection is shared; its owner (the cache factory) closes it.
  }

  #read(key: string): string | undefined {
    const row = this.#statements.get.get(key) as unknown as Row | undefined;
    if (!row) return undefined;
    if (row.expires !== null && row.expires <= this.now()) {
      this.#statements.delete.run(key);
      return undefined;
    }
    return row.value;
  }
}

interface Row {
  key: string;
  value: string;
  expires: number | null;
}

function prepare(db: DatabaseSync): Record<string, StatementSync> & {
  get: StatementSync;
  upsert: StatementSync;
  delete: StatementSync;
  deletePrefix: StatementSync;
  deleteAll: StatementSync;
  page: StatementSync;
  sweep: StatementSync;
} {
  return {
    get: db.prepare('SELECT key, value, expires FROM keyv WHERE key = ?'),
    upsert: db.prepare(
      'INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
    ),
    delete: db.prepare('DELETE FROM keyv WHERE key = ?'),
    deletePrefix: db.prepare("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'"),
    deleteAll: db.prepare('DELETE FROM keyv'),
    page: db.prepare(
      "SELECT key, value, expires FROM keyv WHERE key LIKE ? ESCAPE '\\' AND key > ? AND (expires IS NULL OR expires > ?) ORDER BY key LIMIT ?",
    ),
    sweep: db.prepare('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?'),
  };
}

// Keyv hands over strings already; anything else (a raw store user) is stored as JSON.
function serialize(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../clock.ts';
import { createIndexHealth, type IndexDamage } from './index-damage.ts';
import { type RebuildMethod, rebuildFtsIndex } from './rebuild-index.ts';
import { checkFtsIndex, checkStorage, ftsTables, type StorageReport } from './storage-check.ts';

export interface IndexFinding {
  /** The FTS5 table, e.g. `papers_fts`. */
  readonly name: string;
  /** What is wrong with it, if anything (after a rebuild: what is still wrong). */
  readonly problem?: string;
  /** How it was rebuilt, when it was. */
  readonly rebuilt?: RebuildMethod;
}

export interface DoctorReport {
  /** PRAGMA integrity_check, located per table (after a rebuild: the check run again). */
  readonly storage: StorageReport;
  readonly indexes: readonly IndexFinding[];
  /** What the database recorded before this run (a search, a write or the start-up check that met damage). */
  readonly recordedDamage?: IndexDamage;
  /** Damage beyond the full-text index: the papers (or other tables) themselves. */
  readonly dataDamaged: boolean;
  readonly healthy: boolean;
}

/**
 * `paperboy doctor`: PRAGMA integrity_check over the whole file and FTS5's integrity-check on each
 * full-text index; with `rebuildIndex`, every index rebuilt from the papers and checked again.
 * Found index damage is recorded (writes are refused until a rebuild); a sound library clears the
 * record. An index is not rebuilt over damaged papers: that would only index the damage.
 */
export function runDoctor(
  db: DatabaseSync,
  { clock, rebuildIndex = false }: { readonly clock: Clock; readonly rebuildIndex?: boolean },
): DoctorReport {
  const health = createIndexHealth({ db, clock });
  const recordedDamage = health.damage();
  let storage = checkStorage(db, 'full');
  let indexes = checkIndexes(db, storage);
  const dataDamaged = !storage.ok && !storage.indexOnly;
  const indexDamaged = indexes.some((i) => i.problem !== undefined);
  if (indexDamaged) {
    const first = indexes.find((i) => i.problem);
    health.markDamaged(`paperboy doctor found damage in ${first?.name}: ${first?.problem}`);
  }
  if (rebuildIndex && !dataDamaged) {
    const methods = new Map(ftsTables(db).map((fts) => [fts.name, rebuildFtsIndex(db, fts)] as const));
    storage = checkStorage(db, 'full');
    indexes = checkIndexes(db, storage).map((finding) => {
      const rebuilt = methods.get(finding.name);
      return rebuilt ? { ...finding, rebuilt } : finding;
    });
  }
  const healthy = storage.ok && indexes.every((i) => i.problem === undefined);
  if (healthy) health.clear();
  return { storage, indexes, ...(recordedDamage ? { recordedDamage } : {}), dataDamaged, healthy };
}

function checkIndexes(db: DatabaseSync, storage: StorageReport): IndexFinding[] {
  return ftsTables(db).map(({ name, shadows }) => {
    const damaged = storage.damaged.find((t) => t.table === name || shadows.includes(t.table));
    const problem = damaged ? `${damaged.table}: ${damaged.problems[0] ?? 'unreadable'}` : checkFtsIndex(db, name);
    return problem === undefined ? { name } : { name, problem };
  });
}

/**
 * Who may execute a run. The digest service uses leases in the shared SQLite file
 * (database-claims.ts), so processes on one data directory never post a run twice; in-memory
 * claims serve tests. Nodes with separate databases would claim through Redis or BullMQ here.
 */
export interface RunClaims {
  /** A release function when this caller owns the run now, undefined when someone else does. */
  claim(key: string): Promise<(() => void) | undefined>;
}

/** Claims held in this process only: enough for one scheduler and its tests. */
export function inProcessClaims(): RunClaims {
  const held = new Set<string>();
  return {
    async claim(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      return () => held.delete(key);
    },
  };
}

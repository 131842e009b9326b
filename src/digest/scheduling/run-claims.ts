/** The right to execute one run, held until released. */
export interface RunLease {
  /**
   * True while this holder still owns the run; database leases renew themselves here. False once
   * the lease was lost (it expired and another process took it over): stop before posting more.
   */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Who may execute a run. The digest service uses leases in the shared SQLite file
 * (database-claims.ts), so processes on one data directory never post a run twice; in-memory
 * claims serve tests. Nodes with separate databases would claim through Redis or BullMQ here.
 */
export interface RunClaims {
  /** A lease when this caller owns the run now, undefined when someone else does. */
  claim(key: string): Promise<RunLease | undefined>;
}

/** Claims held in this process only: enough for one scheduler and its tests. */
export function inProcessClaims(): RunClaims {
  const held = new Set<string>();
  return {
    async claim(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      let released = false;
      return {
        held: async () => !released,
        async release() {
          released = true;
          held.delete(key);
        },
      };
    },
  };
}

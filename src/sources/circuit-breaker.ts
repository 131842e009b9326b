import type { Clock } from '../clock.ts';

/**
 * Skips a source for a while after it could not be reached, so that a machine with no network
 * pays for one failed connection per cool-down rather than one per request (issue 15: every
 * offline chat search took 4 s). After the cool-down the next request tries again: an answer
 * closes the circuit, another failure opens it for another cool-down.
 */
export interface CircuitBreaker {
  /** Until when (clock ms) requests are skipped; undefined while the source may be asked. */
  skippedUntil(): number | undefined;
  /** The service answered (any HTTP status: it is reachable). */
  reached(): void;
  /** The service could not be reached. True for the first such failure since it last answered (one warning per outage). */
  unreachable(): boolean;
}

// Long enough that a chat session without network is not slowed search after search, short enough
// that a network that comes back is used again within a minute.
export const DEFAULT_COOL_DOWN_MS = 60_000;

export function createCircuitBreaker({
  clock,
  coolDownMs = DEFAULT_COOL_DOWN_MS,
}: {
  readonly clock: Clock;
  readonly coolDownMs?: number;
}): CircuitBreaker {
  let openUntil: number | undefined;
  return {
    skippedUntil() {
      if (openUntil !== undefined && clock.now() >= openUntil) return undefined;
      return openUntil;
    },
    reached() {
      openUntil = undefined;
    },
    unreachable() {
      const first = openUntil === undefined;
      openUntil = clock.now() + coolDownMs;
      return first;
    },
  };
}

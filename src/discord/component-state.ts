import type { Cache } from '../cache/create-cache.ts';
import { ExpiredStateError } from '../errors/index.ts';
import type { JsonValue } from '../views.ts';
import { decodeCustomId, newStateKey, type StoreState } from './custom-id.ts';

/** How long buttons and menus keep working after the message was sent. */
const COMPONENT_STATE_TTL_MS = 24 * 60 * 60 * 1000;

interface StoredState {
  readonly route: string;
  readonly state: JsonValue;
}

export interface ComponentStateStore {
  /**
   * A StoreState for one render: keys are made at once (the renderer is synchronous), the writes
   * wait for `flush()`, which must finish before the message is sent.
   */
  recorder(): { storeState: StoreState; flush(): Promise<void> };
  /**
   * The state a custom_id points at (or carries, for a persistent route).
   * @throws ExpiredStateError when the id is malformed, the state is gone, or it belongs to another route.
   */
  load(customId: string): Promise<{ route: string; state: JsonValue }>;
}

export interface ComponentStateStoreOptions {
  readonly cache: Pick<Cache, 'namespace'>;
  readonly newId?: () => string;
  readonly ttlMs?: number;
}

/** Component state in the cache's `components` namespace, so buttons survive a restart. */
export function createComponentStateStore({
  cache,
  newId = newStateKey,
  ttlMs = COMPONENT_STATE_TTL_MS,
}: ComponentStateStoreOptions): ComponentStateStore {
  const store = cache.namespace('components');
  return {
    recorder() {
      const pending: Array<[string, StoredState]> = [];
      return {
        storeState(route, state) {
          const key = newId();
          pending.push([key, { route, state }]);
          return key;
        },
        async flush() {
          const batch = pending.splice(0);
          await Promise.all(batch.map(([key, value]) => store.set(key, value, ttlMs)));
        },
      };
    },
    async load(customId) {
      const decoded = decodeCustomId(customId);
      if ('state' in decoded) return decoded;
      const { route, key } = decoded;
      const stored: unknown = await store.get(key);
      if (!isStoredState(stored) || stored.route !== route) throw new ExpiredStateError(customId);
      return { route, state: stored.state };
    },
  };
}

function isStoredState(value: unknown): value is StoredState {
  return (
    typeof value === 'object' &&
    value !== null &&
    'route' in value &&
    typeof value.route === 'string' &&
    'state' in value
  );
}

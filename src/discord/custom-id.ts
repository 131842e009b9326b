import { randomBytes } from 'node:crypto';
import type { Cache } from '../cache/create-cache.ts';
import { ExpiredStateError } from '../errors/index.ts';
import type { JsonValue } from '../views.ts';
import { CUSTOM_ID_MAX } from './limits.ts';
import type { StoreState } from './render/components.ts';

// STYLE.md "custom_id": `<command>.<action>:<key>`, key = 12 random base64url chars naming state in
// the Keyv namespace `components`. Never user text, titles or secrets in the id itself.

export const STATE_KEY_LENGTH = 12;
/** How long buttons and menus keep working after the message was sent. */
export const COMPONENT_STATE_TTL_MS = 24 * 60 * 60 * 1000;

const ROUTE_PATTERN = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/** 12 random base64url characters (72 bits): unguessable, so one user can't address another's state. */
export function newStateKey(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * `<route>:<key>`.
 * @throws Error when the result would pass Discord's 100 characters or the parts are malformed —
 * that is our bug, never user input.
 */
export function encodeCustomId(route: string, key: string): string {
  if (!ROUTE_PATTERN.test(route)) throw new Error(`invalid component route ${JSON.stringify(route)}`);
  if (!KEY_PATTERN.test(key)) throw new Error(`invalid component state key ${JSON.stringify(key)}`);
  const customId = `${route}:${key}`;
  if (customId.length > CUSTOM_ID_MAX) {
    throw new Error(`custom_id ${customId} is ${customId.length} characters; Discord allows ${CUSTOM_ID_MAX}`);
  }
  return customId;
}

/**
 * Splits a custom_id at its first `:`.
 * @throws ExpiredStateError when it is not one of ours (an old format, or tampered with).
 */
export function decodeCustomId(customId: string): { route: string; key: string } {
  const colon = customId.indexOf(':');
  const route = colon > 0 ? customId.slice(0, colon) : '';
  const key = colon > 0 ? customId.slice(colon + 1) : '';
  if (!ROUTE_PATTERN.test(route) || !KEY_PATTERN.test(key)) throw new ExpiredStateError(customId);
  return { route, key };
}

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
   * The state a custom_id points at.
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
      const { route, key } = decodeCustomId(customId);
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

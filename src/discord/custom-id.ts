import { randomBytes } from 'node:crypto';
import { ExpiredStateError } from '../errors/index.ts';
import type { JsonValue } from '../views.ts';
import { CUSTOM_ID_MAX } from './limits.ts';

// STYLE.md "custom_id": `<command>.<action>:<key>`, key = 12 random base64url chars naming state in
// the Keyv namespace `components`. Never user text, titles or secrets in the id itself.
// A persistent route (RouteOptions.persistent) carries its state instead: `<command>.<action>=<state>`,
// the state being base64url JSON of ids only, so its buttons outlive the component store's TTL.

export const STATE_KEY_LENGTH = 12;

const ROUTE_PATTERN = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/;
const KEY_PATTERN = /^[A-Za-z0-9_-]{12}$/;
const INLINE_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Stores a component's state somewhere durable and returns the key that names it; the renderer
 * puts `<route>:<key>` in the custom_id. Supplied by the caller so rendering stays pure.
 */
export type StoreState = (route: string, state: JsonValue) => string;

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
 * `<route>=<base64url JSON of state>` for a persistent route.
 * @throws Error past Discord's 100 characters: persistent state must stay small (our bug).
 */
export function encodeInlineCustomId(route: string, state: JsonValue): string {
  if (!ROUTE_PATTERN.test(route)) throw new Error(`invalid component route ${JSON.stringify(route)}`);
  const customId = `${route}=${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
  if (customId.length > CUSTOM_ID_MAX) {
    throw new Error(
      `persistent custom_id ${customId} is ${customId.length} characters; Discord allows ${CUSTOM_ID_MAX}`,
    );
  }
  return customId;
}

/** A stored-state id names its key; a persistent one carries its state (checked later by the route's schema). */
export type DecodedCustomId =
  | { readonly route: string; readonly key: string }
  | { readonly route: string; readonly state: JsonValue };

/**
 * Splits a custom_id at its first `:` (state in the store) or `=` (state inline).
 * @throws ExpiredStateError when it is not one of ours (an old format, or tampered with).
 */
export function decodeCustomId(customId: string): DecodedCustomId {
  const at = customId.search(/[:=]/);
  const route = at > 0 ? customId.slice(0, at) : '';
  const rest = at > 0 ? customId.slice(at + 1) : '';
  if (!ROUTE_PATTERN.test(route)) throw new ExpiredStateError(customId);
  if (customId[at] === ':') {
    if (!KEY_PATTERN.test(rest)) throw new ExpiredStateError(customId);
    return { route, key: rest };
  }
  if (!INLINE_PATTERN.test(rest)) throw new ExpiredStateError(customId);
  try {
    return { route, state: JSON.parse(Buffer.from(rest, 'base64url').toString('utf8')) as JsonValue };
  } catch {
    throw new ExpiredStateError(customId);
  }
}

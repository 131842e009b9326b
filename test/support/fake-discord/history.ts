import type { APIMessage } from 'discord-api-types/v10';
import type { FormError } from './validate.ts';

/** GET /channels/{id}/messages query: at most one anchor, and a page size. */
export interface MessagesQuery {
  readonly anchor: { readonly kind: 'around' | 'before' | 'after'; readonly id: bigint } | undefined;
  readonly limit: number;
}

// Discord (Get Channel Messages): limit 1–100, default 50; `around`, `before` and `after` are
// mutually exclusive. Discord documents no answer to several anchors; the fake refuses them.
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const ANCHORS = ['around', 'before', 'after'] as const;

export function parseMessagesQuery(query: Readonly<Record<string, string>>): MessagesQuery | { errors: FormError[] } {
  const errors: FormError[] = [];
  let limit = DEFAULT_LIMIT;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit)) {
      errors.push({ path: ['limit'], code: 'NUMBER_TYPE_COERCE', message: `Value "${query.limit}" is not int.` });
    } else if (limit < 1) {
      errors.push({
        path: ['limit'],
        code: 'NUMBER_TYPE_MIN',
        message: 'int value should be greater than or equal to 1.',
      });
    } else if (limit > MAX_LIMIT) {
      errors.push({
        path: ['limit'],
        code: 'NUMBER_TYPE_MAX',
        message: `int value should be less than or equal to ${MAX_LIMIT}.`,
      });
    }
  }
  const given = ANCHORS.filter((kind) => query[kind] !== undefined);
  if (given.length > 1) {
    for (const kind of given) {
      errors.push({
        path: [kind],
        code: 'MUTUALLY_EXCLUSIVE',
        message: 'around, before and after are mutually exclusive.',
      });
    }
  }
  const kind = given[0];
  const raw = kind === undefined ? undefined : query[kind];
  if (kind !== undefined && (raw === undefined || !/^\d{1,20}$/.test(raw))) {
    errors.push({ path: [kind], code: 'NUMBER_TYPE_COERCE', message: `Value "${raw}" is not snowflake.` });
  }
  if (errors.length > 0) return { errors };
  return { anchor: kind === undefined || raw === undefined ? undefined : { kind, id: BigInt(raw) }, limit };
}

/**
 * The page Discord returns, oldest first (the route reverses it): the newest `limit` without an
 * anchor or before it, the `limit` right after `after`, or `limit` centred on `around`.
 */
export function pageOf(oldestFirst: readonly APIMessage[], { anchor, limit }: MessagesQuery): APIMessage[] {
  if (!anchor) return oldestFirst.slice(-limit);
  const id = (m: APIMessage) => BigInt(m.id);
  switch (anchor.kind) {
    case 'after':
      return oldestFirst.filter((m) => id(m) > anchor.id).slice(0, limit);
    case 'before':
      return oldestFirst.filter((m) => id(m) < anchor.id).slice(-limit);
    case 'around': {
      const at = oldestFirst.findIndex((m) => id(m) >= anchor.id);
      const centre = at === -1 ? oldestFirst.length : at;
      const start = Math.max(0, centre - Math.floor(limit / 2));
      return oldestFirst.slice(start, start + limit);
    }
    default:
      return anchor.kind satisfies never;
  }
}

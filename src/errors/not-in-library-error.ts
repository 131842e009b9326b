import { PaperboyError } from './paperboy-error.ts';

/**
 * Why a paper that is not in the library could not be looked up live: live sources are off
 * (OFFLINE=true), no enabled source looks up that kind of id (a DOI while Semantic Scholar is
 * disabled), or the sources cannot be reached (no network, or no answer within the live budget).
 */
export type NotInLibraryReason = 'offline' | 'disabled' | 'unreachable';

const MESSAGES: Readonly<Record<NotInLibraryReason, string>> = {
  offline:
    'That paper is not in the library, and live sources are off (OFFLINE=true). Try /papers to search the library.',
  disabled:
    'That paper is not in the library, and only Semantic Scholar looks up such ids: it is off (SEMANTIC_SCHOLAR_ENABLED=false).',
  unreachable:
    'That paper is not in the library, and the live sources cannot be reached right now. Offline? Set OFFLINE=true to skip them.',
};

/**
 * Thrown by `sources.lookup` when a paper cannot be looked up live, for `reason`; unlike
 * PaperNotFoundError, nobody said the paper does not exist.
 */
export class NotInLibraryError extends PaperboyError {
  override readonly name = 'NotInLibraryError';
  readonly code = 'not_in_library';
  readonly id: string;
  readonly reason: NotInLibraryReason;

  constructor(id: string, reason: NotInLibraryReason, options?: ErrorOptions) {
    super(`${id} is not in the library and cannot be looked up (${reason})`, options);
    this.id = id;
    this.reason = reason;
  }

  get userMessage(): string {
    return MESSAGES[this.reason];
  }
}

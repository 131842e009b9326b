export { ConfigError, type ConfigIssue } from './config-error.ts';
export { ExpiredStateError } from './expired-state-error.ts';
export { ACCEPTED_ID_FORMS, InvalidPaperIdError } from './invalid-paper-id-error.ts';
export { PaperNotFoundError } from './paper-not-found-error.ts';
export { isPaperboyError, PaperboyError } from './paperboy-error.ts';
export { RateLimitedError } from './rate-limited-error.ts';
export { UpstreamError, type UpstreamFailure } from './upstream-error.ts';
export { UserInputError } from './user-input-error.ts';

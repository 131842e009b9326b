export { ConfigError, type ConfigIssue } from './config-error.js';
export { ExpiredStateError } from './expired-state-error.js';
export { ACCEPTED_ID_FORMS, InvalidPaperIdError } from './invalid-paper-id-error.js';
export { PaperNotFoundError } from './paper-not-found-error.js';
export { isPaperboyError, PaperboyError } from './paperboy-error.js';
export { RateLimitedError } from './rate-limited-error.js';
export { UpstreamError, type UpstreamFailure } from './upstream-error.js';
export { UserInputError } from './user-input-error.js';

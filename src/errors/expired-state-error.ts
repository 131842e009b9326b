import { PaperboyError } from './paperboy-error.ts';

/** Thrown when a button or menu refers to state that is gone (TTL passed, unknown route, bad data). */
export class ExpiredStateError extends PaperboyError {
  override readonly name = 'ExpiredStateError';
  readonly code = 'expired_state';
  readonly userMessage = 'These results have expired; run the command again.';
  readonly customId: string;

  constructor(customId: string, options?: ErrorOptions) {
    super(`no usable state for component ${customId}`, options);
    this.customId = customId;
  }
}

import { PaperboyError } from './paperboy-error.js';

/** Thrown when a user's input cannot be used as given; `userMessage` says how to fix it. */
export class UserInputError extends PaperboyError {
  override readonly name = 'UserInputError';
  readonly code = 'user_input';
  constructor(
    readonly userMessage: string,
    options?: ErrorOptions,
  ) {
    super(userMessage, options);
  }
}

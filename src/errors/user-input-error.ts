import { PaperboyError } from './paperboy-error.ts';

/** Thrown when a user's input cannot be used as given; `userMessage` says how to fix it. */
export class UserInputError extends PaperboyError {
  override readonly name = 'UserInputError';
  readonly code = 'user_input';
  readonly userMessage: string;

  constructor(userMessage: string, options?: ErrorOptions) {
    super(userMessage, options);
    this.userMessage = userMessage;
  }
}

import { PaperboyError } from './paperboy-error.ts';

export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
}

/** Thrown at start-up when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends PaperboyError {
  override readonly name = 'ConfigError';
  readonly code = 'config';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: ErrorOptions) {
    super(
      `invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.problem}`).join('\n')}\nSee .env.example for every variable.`,
      options,
    );
    this.issues = issues;
  }

  get userMessage(): string {
    return this.message;
  }
}

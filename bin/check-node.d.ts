// Types for check-node.js, which stays plain JavaScript so that it runs on any Node.js.

/** The one line to print when `version` (e.g. "20.11.0") cannot run Paperboy, or undefined when it can. */
export function nodeVersionProblem(version: string): string | undefined;
/** Prints the problem and exits 1 when this Node.js is too old; returns otherwise. */
export function checkNode(): void;

import { UpstreamError } from './upstream-error.ts';

/**
 * Thrown by a source client when its service cannot be reached at all: the host does not resolve,
 * the connection is refused or there is no route (no network), or the source is being skipped
 * after such a failure (src/sources/circuit-breaker.ts). An `unavailable` UpstreamError that is
 * not worth retrying at once: the next request would fail the same way.
 */
export class SourceUnreachableError extends UpstreamError {
  override readonly name = 'SourceUnreachableError';

  constructor(service: string, detail: string, options?: ErrorOptions) {
    super(service, 'unavailable', detail, options);
  }

  override get userMessage(): string {
    return 'The paper sources cannot be reached. Offline? Set OFFLINE=true to skip live sources.';
  }
}

// Secrets hide inside strings that key-based redaction cannot reach: discord.js errors carry the
// request URL (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}`), an upstream may
// echo the API key in a 401 body, and URLs carry `user:password@`. These patterns mask them in any
// text: every log line, and what `paperboy config` prints.

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // Discord interaction tokens in callback and webhook paths (Discord: tokens are opaque, long).
  [/(\/interactions\/\d+\/)[\w.-]{20,}/g, '$1[token]'],
  [/(\/webhooks\/\d+\/)[\w.-]{20,}/g, '$1[token]'],
  // Credentials in a URL's authority.
  [/([a-z][a-z\d+.-]*:\/\/[^/\s:@"']*:)[^/\s@"']+@/gi, '$1[redacted]@'],
  // Authorization header values.
  [/\b(Bearer|Bot|Basic)\s+[\w.~+/=-]{8,}/g, '$1 [redacted]'],
  // OpenAI-style keys (sk-…, sk-proj-…).
  [/\bsk-[\w-]{16,}/g, 'sk-[redacted]'],
];

// Shorter configured values are too likely to match ordinary text to be worth masking.
const MIN_KNOWN_SECRET = 8;

/**
 * A function that masks token-like patterns and the given known secret values (the configured bot
 * token and API keys) wherever they occur in a string.
 */
export function createSecretMasker(known: readonly (string | undefined)[] = []): (text: string) => string {
  const secrets = [...new Set(known.filter((s): s is string => s !== undefined && s.length >= MIN_KNOWN_SECRET))]
    // Longest first, so a secret containing another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = text;
    for (const secret of secrets) masked = masked.split(secret).join('[redacted]');
    for (const [pattern, replacement] of PATTERNS) masked = masked.replace(pattern, replacement);
    return masked;
  };
}

/** Masks token-like patterns only (no known values). */
export const maskSecrets: (text: string) => string = createSecretMasker();

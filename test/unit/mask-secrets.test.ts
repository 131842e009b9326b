import { describe, expect, it } from 'vitest';
import { createSecretMasker, maskSecrets } from '../../src/mask-secrets.ts';

const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTA';

describe('maskSecrets', () => {
  it.each([
    [`POST /interactions/1234/${TOKEN}/callback`, 'POST /interactions/1234/[token]/callback'],
    [
      `https://discord.com/api/v10/webhooks/99/${TOKEN}/messages/%40original`,
      'https://discord.com/api/v10/webhooks/99/[token]/messages/%40original',
    ],
    ['redis://user:hunter22@10.0.0.1:6379', 'redis://user:[redacted]@10.0.0.1:6379'],
    ['connect to http://u:p%40ss@host/v1 failed', 'connect to http://u:[redacted]@host/v1 failed'],
    ['authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ', 'authorization: Bot [redacted]'],
    ['Bearer sk-proj-abcdefghijklmnopqrstuvwxyz', 'Bearer [redacted]'],
    ['Incorrect API key provided: sk-abcdefghijklmnop1234.', 'Incorrect API key provided: sk-[redacted].'],
  ])('masks %j', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text, URLs without credentials and short ids alone', () => {
    const text = 'GET https://arxiv.org/abs/2401.12345 took 120 ms for /interactions/12/abc/callback';
    expect(maskSecrets(text)).toBe(text);
  });
});

describe('createSecretMasker', () => {
  it('masks known values anywhere, longest first, and ignores values too short to be secrets', () => {
    const mask = createSecretMasker(['s2-key-0123456789', 's2-key-0123456789-long', 'short', undefined]);
    expect(mask('{"body":"bad key s2-key-0123456789-long and s2-key-0123456789","x":"short"}')).toBe(
      '{"body":"bad key [redacted] and [redacted]","x":"short"}',
    );
  });
});

import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { ConfigError } from '../../errors/index.ts';

const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i;

/** Checks Discord's `X-Signature-Ed25519` over `X-Signature-Timestamp` + the raw body. */
export type VerifySignature = (signature: string | undefined, timestamp: string | undefined, body: Buffer) => boolean;

/**
 * Verifies interaction requests against the application's Public Key (32 bytes, hex, as the
 * Developer Portal shows it), with node:crypto's Ed25519.
 * @throws ConfigError when the key is not 64 hex digits.
 */
export function createSignatureVerifier(publicKeyHex: string): VerifySignature {
  if (!HEX_KEY.test(publicKeyHex)) {
    throw new ConfigError([
      { variable: 'DISCORD_PUBLIC_KEY', problem: 'expected the 64 hex digits of the portal’s Public Key' },
    ]);
  }
  const key: KeyObject = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') },
    format: 'jwk',
  });
  return (signature, timestamp, body) => {
    if (!signature || !timestamp || !HEX_SIGNATURE.test(signature)) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  };
}

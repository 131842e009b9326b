import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSignatureVerifier } from '../../../../src/discord/http/signature.ts';
import { ConfigError } from '../../../../src/errors/index.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_HEX = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('hex');
const body = Buffer.from('{"type":1}');
const timestamp = '1764633600';
const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('hex');

describe('createSignatureVerifier', () => {
  const verify = createSignatureVerifier(PUBLIC_HEX);

  it('accepts a signature over the timestamp and the raw body', () => {
    expect(verify(signature, timestamp, body)).toBe(true);
    expect(createSignatureVerifier(PUBLIC_HEX.toUpperCase())(signature, timestamp, body)).toBe(true);
  });

  it('refuses a changed body, a changed timestamp, a flipped bit and another key', () => {
    expect(verify(signature, timestamp, Buffer.from('{"type":2}'))).toBe(false);
    expect(verify(signature, '1764633601', body)).toBe(false);
    const flipped = `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`;
    expect(verify(flipped, timestamp, body)).toBe(false);
    const other = generateKeyPairSync('ed25519').privateKey;
    const foreign = sign(null, Buffer.concat([Buffer.from(timestamp), body]), other).toString('hex');
    expect(verify(foreign, timestamp, body)).toBe(false);
  });

  it('refuses missing or malformed headers without throwing', () => {
    expect(verify(undefined, timestamp, body)).toBe(false);
    expect(verify(signature, undefined, body)).toBe(false);
    expect(verify('not-hex', timestamp, body)).toBe(false);
    expect(verify(signature.slice(2), timestamp, body)).toBe(false);
  });

  it('throws a ConfigError naming DISCORD_PUBLIC_KEY for a key that is not 64 hex digits', () => {
    expect(() => createSignatureVerifier('abc')).toThrow(ConfigError);
    expect(() => createSignatureVerifier('abc')).toThrow(/DISCORD_PUBLIC_KEY/);
  });
});

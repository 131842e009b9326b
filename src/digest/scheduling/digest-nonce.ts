import { createHash } from 'node:crypto';

// Discord: a message nonce is at most 25 characters.
const NONCE_LENGTH = 25;

/**
 * The nonce of one digest message: the same (subscription, date, seq) always gets the same one, so
 * with `enforceNonce` Discord ignores a resend after a crash that came between send and ledger write.
 */
export function digestNonce(subscriptionId: string, localDate: string, seq: number): string {
  return createHash('sha256')
    .update(`${subscriptionId}|${localDate}|${seq}`)
    .digest('base64url')
    .slice(0, NONCE_LENGTH);
}

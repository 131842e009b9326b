import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/** What Discord sends to an Interactions Endpoint: the raw body and its signature headers. */
export interface SignedRequest {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** How a delivery is signed: as Discord does, with a wrong signature, or none (as Discord's own checks do). */
export type Signing = 'valid' | 'bad' | 'missing';

/** The outcome of one POST to the endpoint, as Discord sees it. */
export interface HttpDelivery {
  readonly status: number;
  /** The response body (parsed JSON when it is JSON, else the text). */
  readonly body: unknown;
  readonly raw: Buffer;
  readonly contentType: string | null;
  /** Time from sending to the whole response. */
  readonly ackMs: number;
  /** Set when Discord would show the interaction as failed ("The application did not respond"). */
  readonly failure?: string;
  /** The request as sent, to send again (a replay). */
  readonly request: SignedRequest;
}

/** The application's Ed25519 key pair: the fake signs with the private half, the bot verifies with `publicKey`. */
export class InteractionSigner {
  /** Hex, as the Developer Portal shows the Public Key. */
  readonly publicKey: string;
  readonly #privateKey: KeyObject;

  constructor() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
    this.#privateKey = privateKey;
  }

  /**
   * Signs `body` as Discord does: Ed25519 over the timestamp (Unix seconds) followed by the body.
   * A string `at` is sent as the timestamp header as it is (to sign a malformed one).
   */
  sign(body: string, signing: Signing, at: number | string): SignedRequest {
    const timestamp = typeof at === 'string' ? at : String(Math.floor(at / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    };
    if (signing === 'missing') return { body, headers };
    const signature = sign(null, Buffer.from(timestamp + body, 'utf8'), this.#privateKey);
    // A bad signature is a real signature over other bytes, the way Discord's endpoint check makes one.
    if (signing === 'bad') signature[0] = (signature[0] ?? 0) ^ 0xff;
    return {
      body,
      headers: { ...headers, 'x-signature-ed25519': signature.toString('hex'), 'x-signature-timestamp': timestamp },
    };
  }
}

/**
 * POSTs a signed request to an endpoint and waits for the answer up to `deadlineMs` (Discord: 3 s).
 * Never throws: a refused connection or a timeout is a `failure`.
 */
export async function postSigned(url: string, request: SignedRequest, deadlineMs: number): Promise<HttpDelivery> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(deadlineMs),
    });
    const raw = Buffer.from(await response.arrayBuffer());
    const ackMs = performance.now() - started;
    const contentType = response.headers.get('content-type');
    const text = raw.toString('utf8');
    const body: unknown = contentType?.startsWith('application/json') ? JSON.parse(text) : text;
    const failure = response.ok ? undefined : `endpoint answered ${response.status}`;
    return { status: response.status, body, raw, contentType, ackMs, request, ...(failure ? { failure } : {}) };
  } catch (error) {
    const ackMs = performance.now() - started;
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const failure = timedOut ? 'The application did not respond' : `endpoint unreachable: ${String(error)}`;
    return { status: 0, body: null, raw: Buffer.alloc(0), contentType: null, ackMs, request, failure };
  }
}

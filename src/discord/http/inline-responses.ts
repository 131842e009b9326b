import type { RESTOptions } from 'discord.js';

/** The first response to an HTTP interaction, as the body of the answer to Discord's POST. */
export interface InlineResponse {
  readonly contentType: string;
  readonly body: Buffer;
}

type MakeRequest = RESTOptions['makeRequest'];

export interface InlineResponses {
  /** Waits for the handler's callback for this interaction; `cancel` it when the answer is given up. */
  expect(interactionId: string): Promise<InlineResponse>;
  cancel(interactionId: string): void;
  /**
   * discord.js's REST transport with one detour: `POST /interactions/{id}/{token}/callback` for an
   * interaction that arrived over HTTP becomes the answer to that HTTP request (Discord takes the
   * first response there), and discord.js hears 204 as if it had sent the callback. Anything
   * else, webhook edits and follow-ups included, goes to Discord through `send`.
   */
  transport(send: MakeRequest): MakeRequest;
}

const CALLBACK_PATH = /\/interactions\/(\d+)\/[^/]+\/callback$/;

export function createInlineResponses(): InlineResponses {
  const pending = new Map<string, (response: InlineResponse) => void>();
  return {
    expect(interactionId) {
      return new Promise<InlineResponse>((resolve) => pending.set(interactionId, resolve));
    },
    cancel(interactionId) {
      pending.delete(interactionId);
    },
    transport(send) {
      return async (url, init) => {
        const parsed = new URL(url);
        const id = CALLBACK_PATH.exec(parsed.pathname)?.[1];
        const answer = id === undefined ? undefined : pending.get(id);
        if (id === undefined || !answer) return send(url, init);
        // Discord's callback result (with_response) exists only for a callback sent over REST.
        if (parsed.searchParams.get('with_response') === 'true') {
          throw new Error('with_response is not available for an interaction answered over HTTP');
        }
        pending.delete(id);
        answer(await inlineBody(init.body));
        return new Response(null, { status: 204 });
      };
    },
  };
}

/** JSON as @discordjs/rest sends it, or its multipart form (attachments) re-encoded as Discord takes it. */
async function inlineBody(body: unknown): Promise<InlineResponse> {
  if (typeof body === 'string') return { contentType: 'application/json', body: Buffer.from(body, 'utf8') };
  const encoded = new Response(body as ConstructorParameters<typeof Response>[0]);
  return {
    contentType: encoded.headers.get('content-type') ?? 'application/octet-stream',
    body: Buffer.from(await encoded.arrayBuffer()),
  };
}

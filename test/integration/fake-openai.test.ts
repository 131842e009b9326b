import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import OpenAI, { APIConnectionTimeoutError, APIError, BadRequestError } from 'openai';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai.ts';

const API_KEY = 'sk-test-fake';

async function startLlm(): Promise<FakeOpenAI> {
  const llm = await startFakeOpenAI();
  onTestFinished(() => llm.close());
  return llm;
}

function sdk(llm: FakeOpenAI, options: { maxRetries?: number; timeout?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: API_KEY, baseURL: llm.baseURL, maxRetries: options.maxRetries ?? 0, ...options });
}

function chatModel(llm: FakeOpenAI, fields: { streaming?: boolean } = {}): ChatOpenAI {
  return new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: API_KEY,
    maxRetries: 0,
    temperature: 0.2,
    maxTokens: 300,
    configuration: { baseURL: llm.baseURL },
    ...fields,
  });
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (const [i, value] of a.entries()) dot += value * (b[i] ?? 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b));
}

const Verdict = z.object({
  title: z.string(),
  score: z.number(),
  tags: z.array(z.string()),
});

describe('fake OpenAI chat completions with the openai SDK', () => {
  it('returns the handler text as a complete ChatCompletion with estimated usage', async () => {
    const llm = await startLlm();
    llm.reply(() => 'Twelve chars');

    const completion = await sdk(llm).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say something.' }],
    });

    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-mini');
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Twelve chars', refusal: null, annotations: [] },
        finish_reason: 'stop',
        logprobs: null,
      },
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  });

  it('streams the handler text in several deltas and ends with a usage chunk when include_usage is set', async () => {
    const llm = await startLlm();
    llm.reply(() => 'one two three four');

    const stream = await sdk(llm).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Count.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (choice.delta.content) deltas.push(choice.delta.content);
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
      if (chunk.usage) usage = chunk.usage;
    }

    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 });
    expect(llm.chatRequests()[0]?.stream).toBe(true);
  });

  it('cuts the reply at max_tokens (chars / 4) and reports finish_reason length', async () => {
    const llm = await startLlm();
    llm.reply(() => 'abcdefghijkl');

    const completion = await sdk(llm).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Go.' }],
      max_tokens: 2,
    });

    expect(completion.choices[0]?.message.content).toBe('abcdefgh');
    expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('rejects json_object requests whose messages never mention JSON, as OpenAI does', async () => {
    const llm = await startLlm();

    const request = sdk(llm).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Give me an object.' }],
      response_format: { type: 'json_object' },
    });

    await expect(request).rejects.toBeInstanceOf(BadRequestError);
    await expect(request).rejects.toMatchObject({ status: 400, type: 'invalid_request_error', param: 'messages' });
  });

  it('lists the default models plus every model it has seen', async () => {
    const llm = await startLlm();
    const client = sdk(llm);
    await client.chat.completions.create({ model: 'llama3.1:8b', messages: [{ role: 'user', content: 'Hi' }] });

    const models = [];
    for await (const model of client.models.list()) models.push(model.id);

    expect(models).toEqual(['gpt-4o-mini', 'text-embedding-3-small', 'llama3.1:8b']);
  });

  it('answers unknown routes with 404 in OpenAI error shape', async () => {
    const llm = await startLlm();

    const response = await fetch(`${llm.baseURL}/completions`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/completions)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});

describe('fake OpenAI failures and delays', () => {
  it('answers 429 with retry-after, and the SDK retries it into a success', async () => {
    const llm = await startLlm();
    llm.reply(() => 'after the storm');
    llm.failNext({ status: 429, retryAfter: 0 });

    const { data, response } = await sdk(llm, { maxRetries: 2 })
      .chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe('after the storm');
    expect(response.status).toBe(200);
    expect(llm.chatRequests()).toHaveLength(2);
    expect(llm.chatRequests()[1]?.headers['x-stainless-retry-count']).toBe('1');
  });

  it('has langchain retry a 429 itself, since ChatOpenAI gives its SDK client maxRetries 0', async () => {
    const llm = await startLlm();
    llm.reply(() => 'second time lucky');
    llm.failNext({ status: 429, retryAfter: 0 });
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: API_KEY,
      maxRetries: 1,
      configuration: { baseURL: llm.baseURL },
    });

    // langchain's AsyncCaller waits max(backoff of 1-2 s, retry-after): slow, so one retry only
    const answer = await model.invoke('Hi');

    expect(answer.content).toBe('second time lucky');
    expect(llm.chatRequests().map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '0']);
  });

  it('sends retry-after and x-ratelimit headers with a rate_limit_exceeded error', async () => {
    const llm = await startLlm();
    llm.failNext({ status: 429, retryAfter: 3 });

    const response = await fetch(`${llm.baseURL}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('3s');
    expect(await response.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded' } });
  });

  it('surfaces a 500 as an APIError with status 500 when retries are off', async () => {
    const llm = await startLlm();
    llm.failNext({ status: 500, times: 3 });

    const request = sdk(llm, { maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });

    await expect(request).rejects.toBeInstanceOf(APIError);
    await expect(request).rejects.toMatchObject({ status: 500, type: 'server_error', code: null });
    expect(llm.chatRequests()).toHaveLength(1);
  });

  it('holds a response for delayNext ms so a shorter client timeout fails with a timeout error', async () => {
    const llm = await startLlm();
    llm.delayNext(1_000);

    const started = Date.now();
    const request = sdk(llm, { maxRetries: 0, timeout: 100 }).chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });

    await expect(request).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('answers normally once the delayed requests are used up', async () => {
    const llm = await startLlm();
    llm.delayNext(50, 1);
    const client = sdk(llm);

    const first = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'a' }] });
    const second = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'b' }] });

    expect(first.choices[0]?.message.content).toBe('fake reply to: a');
    expect(second.choices[0]?.message.content).toBe('fake reply to: b');
  });
});

describe('fake OpenAI with langchain ChatOpenAI', () => {
  it('returns the handler text from invoke and records the system and user messages', async () => {
    const llm = await startLlm();
    llm.reply((request) => `You said ${request.messages.length} things`);

    const answer = await chatModel(llm).invoke([
      new SystemMessage('You summarise papers.'),
      new HumanMessage('Summarise arXiv:2401.12345.'),
    ]);

    expect(answer.content).toBe('You said 2 things');
    const [request] = llm.chatRequests();
    expect(request?.messages).toEqual([
      { role: 'system', content: 'You summarise papers.' },
      { role: 'user', content: 'Summarise arXiv:2401.12345.' },
    ]);
    expect(request?.model).toBe('gpt-4o-mini');
    expect(request?.temperature).toBe(0.2);
    expect(request?.max_tokens).toBe(300);
    expect(request?.stream).toBe(false);
  });

  it("parses the handler's object with method jsonSchema, sent as a strict json_schema response_format", async () => {
    const llm = await startLlm();
    llm.reply(() => ({ title: 'Speculative decoding', score: 0.9, tags: ['llm'] }));

    const result = await chatModel(llm)
      .withStructuredOutput(Verdict, { method: 'jsonSchema', name: 'verdict' })
      .invoke('Rate this paper.');

    expect(result).toEqual({ title: 'Speculative decoding', score: 0.9, tags: ['llm'] });
    const format = llm.chatRequests()[0]?.response_format;
    expect(format?.type).toBe('json_schema');
    expect(format?.type === 'json_schema' && format.json_schema).toMatchObject({
      name: 'verdict',
      strict: true,
      schema: { type: 'object', required: ['title', 'score', 'tags'], additionalProperties: false },
    });
  });

  it("parses the handler's object with method functionCalling, sent as one tool forced by tool_choice", async () => {
    const llm = await startLlm();
    llm.reply(() => ({ title: 'Mixture of experts', score: 3, tags: [] }));

    const result = await chatModel(llm)
      .withStructuredOutput(Verdict, { method: 'functionCalling', name: 'verdict' })
      .invoke('Rate this paper.');

    expect(result).toEqual({ title: 'Mixture of experts', score: 3, tags: [] });
    const [request] = llm.chatRequests();
    expect(request?.tools?.map((tool) => tool.function.name)).toEqual(['verdict']);
    expect(request?.tool_choice).toEqual({ type: 'function', function: { name: 'verdict' } });
    expect(request?.response_format).toBeUndefined();
  });

  it("parses the handler's object with method jsonMode, sent as response_format json_object", async () => {
    const llm = await startLlm();
    llm.reply(() => ({ title: 'Diffusion', score: 1, tags: ['vision'] }));

    const result = await chatModel(llm)
      .withStructuredOutput(Verdict, { method: 'jsonMode' })
      .invoke('Rate this paper. Answer in JSON with title, score and tags.');

    expect(result).toEqual({ title: 'Diffusion', score: 1, tags: ['vision'] });
    const [request] = llm.chatRequests();
    expect(request?.response_format).toEqual({ type: 'json_object' });
    expect(request?.tools).toBeUndefined();
  });

  it('streams a forced tool call in pieces that langchain parses into growing partial objects', async () => {
    const llm = await startLlm();
    llm.reply(() => ({ title: 'Streaming tool calls', score: 2, tags: ['a', 'b'] }));

    // .stream(), not `streaming: true` + invoke: that path counts tokens with js-tiktoken, which downloads its
    // encoder from tiktoken.pages.dev and hangs without internet.
    const partials: unknown[] = [];
    const stream = await chatModel(llm).withStructuredOutput(Verdict, { method: 'functionCalling' }).stream('Rate.');
    for await (const partial of stream) partials.push(partial);

    expect(partials.length).toBeGreaterThan(2);
    expect(partials.at(-1)).toEqual({ title: 'Streaming tool calls', score: 2, tags: ['a', 'b'] });
    expect(llm.chatRequests()[0]?.stream).toBe(true);
  });

  it('answers a structured request without a handler with a minimal object that fits the schema', async () => {
    const llm = await startLlm();
    const Nested = z.object({
      kind: z.enum(['survey', 'method']),
      authors: z.array(z.object({ name: z.string() })),
      year: z.number().int().nullable(),
      open: z.boolean(),
    });

    const result = await chatModel(llm).withStructuredOutput(Nested, { method: 'jsonSchema' }).invoke('Classify.');

    expect(result).toEqual({ kind: 'survey', authors: [], year: 0, open: false });
  });
});

describe('fake OpenAI embeddings', () => {
  it('returns 64-dimension unit vectors via OpenAIEmbeddings, closer for near-identical texts', async () => {
    const llm = await startLlm();
    const embeddings = new OpenAIEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: API_KEY,
      maxRetries: 0,
      configuration: { baseURL: llm.baseURL },
    });

    const [a, b, c] = await embeddings.embedDocuments([
      'Speculative decoding speeds up large language model inference',
      'Speculative decoding speeds up large language model inference a lot',
      'Protein folding with graph neural networks',
    ]);
    if (a === undefined || b === undefined || c === undefined) throw new Error('expected three vectors');

    expect([a.length, b.length, c.length]).toEqual([64, 64, 64]);
    expect(Math.hypot(...a)).toBeCloseTo(1, 5);
    // 8 shared words of 8 and 10: 8 / sqrt(80) when no two words share a bucket
    expect(cosine(a, b)).toBeCloseTo(0.894, 3);
    expect(cosine(a, c)).toBeLessThan(0.3);
    expect(llm.embeddingRequests()[0]?.texts).toHaveLength(3);
  });

  it('honours dimensions and gives the same vector for the same text', async () => {
    const llm = await startLlm();
    const embeddings = new OpenAIEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: API_KEY,
      dimensions: 16,
      configuration: { baseURL: llm.baseURL },
    });

    const query = await embeddings.embedQuery('retrieval augmented generation');
    const again = await embeddings.embedQuery('retrieval augmented generation');

    expect(query).toHaveLength(16);
    expect(again).toEqual(query);
    expect(llm.embeddingRequests()[0]?.dimensions).toBe(16);
  });

  it('accepts token arrays and answers float arrays with usage when encoding_format is float', async () => {
    const llm = await startLlm();

    const response = await sdk(llm).embeddings.create({
      model: 'text-embedding-3-small',
      input: [
        [1, 2, 3],
        [4, 5],
      ],
      encoding_format: 'float',
    });

    expect(response.data.map((item) => [item.index, item.embedding.length])).toEqual([
      [0, 64],
      [1, 64],
    ]);
    expect(response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(llm.embeddingRequests()[0]?.texts).toEqual(['1 2 3', '4 5']);
  });
});

import { describe, expect, it } from 'vitest';
import * as findRelated from '../../../commands/find-related.ts';
import { messageQuery } from '../../../commands/find-related.ts';
import { runCommand } from '../../../src/interactions/run-command.ts';
import { makePaper } from '../../support/builders.ts';
import { makeContext } from './command-context.ts';

describe('messageQuery', () => {
  it('drops mentions, links and markdown', () => {
    expect(messageQuery('<@123> **speculative decoding** see https://x.y/z')).toBe('speculative decoding see');
  });

  it('cuts long text at a word boundary within 300 characters', () => {
    const query = messageQuery('decoding '.repeat(60));
    expect(query.length).toBeLessThanOrEqual(300);
    expect(query.endsWith('decoding')).toBe(true);
  });
});

describe('findRelated.handle', () => {
  it("searches with the message's text", async () => {
    const { ctx, search } = makeContext({ papers: [makePaper()] });
    const view = await runCommand(
      findRelated,
      { targetId: 'm1', targetText: 'Anyone tried speculative decoding?' },
      ctx,
    );
    expect(search.calls[0]?.query).toBe('Anyone tried speculative decoding?');
    expect(view.kind === 'paper-list' && view.hits.map((h) => h.paper.id)).toEqual(['arxiv:2401.12345']);
  });

  it('rejects a message without text', async () => {
    const { ctx } = makeContext();
    expect(await runCommand(findRelated, { targetId: 'm1', targetText: 'https://x.y' }, ctx)).toMatchObject({
      kind: 'error',
      userMessage: 'That message has no text to search with.',
    });
  });
});

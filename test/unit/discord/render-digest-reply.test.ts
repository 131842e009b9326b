import { MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { toDiscord } from '../../../src/discord/render/index.ts';
import type { View } from '../../../src/views.ts';

const CHANNEL = '1100000000000000001';

function render(view: View) {
  return toDiscord(view, {
    storeState: () => {
      throw new Error('digest answers have no components');
    },
  });
}

describe('digestReply', () => {
  it('names channels with a clickable mention that notifies nobody', () => {
    expect(render({ kind: 'digest-unsubscribed', channelId: CHANNEL })).toEqual({
      content: `✅ Stopped the digest in <#${CHANNEL}>.`,
      allowedMentions: { parse: [] },
    });
  });

  it('defuses pings in topics', () => {
    const view: View = {
      kind: 'digest-list',
      subscriptions: [
        {
          channelId: CHANNEL,
          topics: ['@everyone'],
          exclude: [],
          time: '09:00',
          timezone: 'UTC',
          days: 'weekdays',
          source: 'huggingface',
          categories: [],
          minUpvotes: 0,
          minScore: 0,
          maxPapers: 5,
          style: 'compact',
        },
      ],
    };
    expect(render(view).content).toBe(
      `• <#${CHANNEL}> — '@\u200beveryone' · 09:00 UTC, weekdays · Hugging Face · compact, up to 5`,
    );
  });

  it('shows a preview only to the caller', () => {
    expect(render({ kind: 'digest-preview', localDate: '2025-03-29', messages: [] })).toEqual({
      content: 'Nothing would be posted for 2025-03-29 (empty days are silent here).',
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../src/app.ts';
import { parseConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { chatTranscript } from '../support/chat-transcript.ts';
import { closedPortUrl, UNRESOLVABLE_URL } from '../support/recorded-server.ts';

/**
 * The chat on the sample library, with `env` (no LLM), and `lines` typed in: what it printed, with
 * line breaks as spaces (the chat wraps to the terminal's width).
 */
async function chat(env: Readonly<Record<string, string>>, lines: readonly string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-offline-'));
  const app = await createApp(parseConfig({ PAPERBOY_DATA_DIR: dataDir, ...env }), { log: silentLogger() });
  onTestFinished(() => app.close());
  return (await chatTranscript(app, lines)).replace(/\s+/g, ' ');
}

/** No network: Hugging Face refuses connections, arXiv's host does not resolve. */
async function noNetwork(): Promise<Record<string, string>> {
  return { HF_BASE_URL: await closedPortUrl(), ARXIV_API_URL: `${UNRESOLVABLE_URL}/api/query` };
}

describe('the chat without a network (OFFLINE unset)', () => {
  it('answers searches from the library with one notice that suggests OFFLINE=true', async () => {
    const transcript = await chat(await noNetwork(), ['self-supervised speech', 'barlow twins redundancy']);
    expect(transcript).toContain('TERA: Self-Supervised Learning of Transformer Encoder Representation for Speech');
    expect(transcript).toContain('Barlow Twins: Self-Supervised Learning via Redundancy Reduction');
    const notice =
      'Hugging Face and arXiv cannot be reached (offline? set OFFLINE=true to skip live sources); showing library results';
    // One notice per search, for both sources together.
    expect(transcript.split(notice)).toHaveLength(3);
    expect(transcript).not.toContain('is not answering');
  });

  it('says a paper is not in the library and the sources cannot be reached', async () => {
    const transcript = await chat(await noNetwork(), ['/paper id: 2401.12345']);
    expect(transcript).toContain(
      'That paper is not in the library, and the live sources cannot be reached right now. Offline? Set OFFLINE=true to skip them.',
    );
  });
});

describe('the chat with OFFLINE=true', () => {
  it('says an unknown id is not in the library and live sources are off, not that a source is down', async () => {
    const transcript = await chat({ OFFLINE: 'true' }, ['/summarize paper: 2401.12345']);
    expect(transcript).toContain(
      'That paper is not in the library, and live sources are off (OFFLINE=true). Try /papers to search the library.',
    );
    expect(transcript).not.toContain('is not answering');
  });

  it('says why /papers source:huggingface shows only library papers', async () => {
    const transcript = await chat({ OFFLINE: 'true' }, ['/papers query: speculative decoding source: huggingface']);
    expect(transcript).toContain(
      '! Live sources are off (OFFLINE=true): only Hugging Face papers already in the library are shown',
    );
  });

  it('shows the sources as off in /status', async () => {
    const transcript = await chat({ OFFLINE: 'true' }, ['/status']);
    expect(transcript).toContain('Hugging Face: off: OFFLINE=true (library only)');
    expect(transcript).toContain('arXiv: off: OFFLINE=true (library only)');
  });
});

describe('/status without OFFLINE', () => {
  it('shows a disabled Semantic Scholar as disabled', async () => {
    const transcript = await chat(await noNetwork(), ['/status']);
    expect(transcript).toContain('Semantic Scholar: disabled: SEMANTIC_SCHOLAR_ENABLED=false');
  });
});

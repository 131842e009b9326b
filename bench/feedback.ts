// What a feedback click costs in the store (issue 14): the vote (one transaction: read, write,
// tally) plus the hidden-list read the button redraw needs, on a database already holding many
// votes; and the hidden-list read digest planning and /papers make per channel.
// Run: npm run bench:feedback [-- --votes 100000 --scopes 1000 --clicks 5000 --hidden 1000 --seed 7]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteFeedbackStore } from '../src/digest/feedback/feedback-store.ts';
import { openDatabase } from '../src/library/database.ts';
import { silentLogger } from '../src/log.ts';
import { parseArgs } from './lib/args.ts';
import { seededRandom } from './lib/random.ts';

const args = parseArgs(process.argv.slice(2));
const number = (name: string, fallback: number) => Number(args.get(name) ?? fallback);
const votes = number('votes', 100_000);
const scopes = number('scopes', 1000);
const clicks = number('clicks', 5000);
const hiddenPerChannel = number('hidden', 1000);
const random = seededRandom(number('seed', 7));
const pick = (n: number) => Math.floor(random() * n);

const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-feedback-'));
const db = openDatabase(join(dir, 'paperboy.sqlite'), { log: silentLogger() });
const store = createSqliteFeedbackStore({ db });
const click = (at: number) => {
  const scope = `sub-${pick(scopes)}`;
  return {
    scope,
    channelId: `ch-${scope}`,
    userId: `u${pick(50)}`,
    paperId: `arxiv:2409.${String(10000 + pick(5000))}`,
    at,
  };
};

try {
  let started = performance.now();
  // One transaction for the fill (each vote joins it as a savepoint): the clicks measured below
  // commit one by one, as the bot's do.
  db.exec('BEGIN');
  for (let i = 0; i < votes; i++) await store.vote({ ...click(i), choice: random() < 0.7 ? 1 : -1 });
  db.exec('COMMIT');
  const fillSeconds = (performance.now() - started) / 1000;
  for (let i = 0; i < hiddenPerChannel; i++) {
    await store.hide({ ...click(i), scope: 'sub-0', channelId: 'ch-sub-0', paper: { id: `arxiv:2410.${10000 + i}` } });
  }

  const times: number[] = [];
  for (let i = 0; i < clicks; i++) {
    const request = click(votes + i);
    started = performance.now();
    await store.vote({ ...request, choice: random() < 0.5 ? 1 : -1 });
    await store.hiddenKeys(request.channelId);
    times.push(performance.now() - started);
  }
  started = performance.now();
  const hidden = await store.hiddenKeys('ch-sub-0');
  const hiddenMs = performance.now() - started;

  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
  process.stdout.write(
    `filled ${votes} votes over ${scopes} subscriptions in ${fillSeconds.toFixed(1)} s\n` +
      `click (vote + tally + hidden list), ${clicks} clicks: p50 ${at(0.5)} ms · p95 ${at(0.95)} ms · p99 ${at(0.99)} ms · max ${at(1)} ms\n` +
      `hidden list of a channel with ${hidden.size} keys: ${hiddenMs.toFixed(3)} ms\n`,
  );
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

// HTTP interactions at 1, 2 and 4 `paperboy serve` nodes (child processes) behind a round-robin
// balancer, against the fake Discord, which signs and POSTs each interaction and times the inline
// answer. Every node has its own library (a copy of one ingestion of the bundled sample).
//
//   npm run bench:cluster -- [--nodes 1,2,4] [--interactions 300] [--concurrency 32] [--cache-url redis://…]
//        [--fanout-subscriptions 10000] [--fanout-workers 1,2,4] [--database postgres://…]
//
// Then the digest fan-out (bench/digest-fanout.ts): the time for `--fanout-subscriptions` due digests
// across 1, 2 and 4 `paperboy worker` processes on BullMQ, with the ledger in PostgreSQL when
// `--database` is given (else a shared SQLite file), discord.js's REST limit raised to 1000/s so
// the machinery, not Discord's 50/s, is measured. `--fanout-subscriptions 0` skips it.
//
// Mix: three /papers (an inline deferral, then a webhook edit) to one autocomplete (answered inline).
// Figures: interactions per second (inline answers), ack p50/p95 (time to the inline answer), and
// final p95 (to the webhook edit of a /papers), each with its ratio to one node in the same run.
// The fake Discord and the balancer run in this process and share the machine's cores with the
// nodes, so on a small machine they, not the nodes, can be what stops the scaling.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FAKE_APPLICATION_ID,
  FAKE_BOT_TOKEN,
  type FakeDiscord,
  startFakeDiscord,
} from '../test/support/fake-discord.ts';
import { ingestSample, type ServeNode, startServeNode } from '../test/support/serve-node.ts';
import { formatDigestFanout, measureDigestFanout } from './digest-fanout.ts';
import { parseArgs } from './lib/args.ts';
import { percentile } from './lib/metrics.ts';

const args = parseArgs(process.argv.slice(2));
const NODE_COUNTS = (args.get('nodes') ?? '1,2,4').split(',').map(Number);
const INTERACTIONS = Number(args.get('interactions') ?? 300);
const CONCURRENCY = Number(args.get('concurrency') ?? 32);
const CACHE_URL = args.get('cache-url');
const FANOUT_SUBSCRIPTIONS = Number(args.get('fanout-subscriptions') ?? 10_000);
const FANOUT_WORKERS = (args.get('fanout-workers') ?? '1,2,4').split(',').map(Number);
const DATABASE_URL = args.get('database');
const WARMUP_PER_NODE = 10;
const QUERIES = ['reasoning', 'self-learning', 'agents', 'language models', 'reward', 'planning'];

interface Row {
  readonly nodes: number;
  readonly perSecond: number;
  readonly ackP50: number;
  readonly ackP95: number;
  readonly finalP95: number;
  readonly failed: number;
  readonly reasons: ReadonlyMap<string, number>;
}

function payload(fake: FakeDiscord, i: number) {
  const query = QUERIES[i % QUERIES.length] ?? 'agents';
  return i % 4 === 3
    ? fake.autocomplete('summarize', { paper: query.slice(0, 4) }, 'paper')
    : fake.chatInput('papers', { query });
}

async function run(fake: FakeDiscord, nodes: readonly ServeNode[], count: number, offset: number) {
  const acks: number[] = [];
  const finals: Promise<number>[] = [];
  const reasons = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const interaction = payload(fake, offset + i);
      const sentAt = performance.now();
      const delivery = await fake.deliverInteraction(interaction, { url: nodes[i % nodes.length]?.url ?? '' });
      if (delivery.failure) reasons.set(delivery.failure, (reasons.get(delivery.failure) ?? 0) + 1);
      acks.push(delivery.ackMs);
      if (interaction.type === 2 && !delivery.failure) {
        const path = `/webhooks/${FAKE_APPLICATION_ID}/${interaction.token}/messages/@original`;
        finals.push(
          fake
            .waitForRequest((r) => r.method === 'PATCH' && r.path === path, 60_000)
            .then(() => performance.now() - sentAt),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const failed = [...reasons.values()].reduce((a, b) => a + b, 0);
  return { acks, finals: await Promise.all(finals), failed, reasons, perSecond: count / seconds };
}

async function measure(nodeCount: number, library: string, fake: FakeDiscord): Promise<Row> {
  const dirs = Array.from({ length: nodeCount }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-cluster-'));
    copyFileSync(join(library, 'paperboy.sqlite'), join(dir, 'paperboy.sqlite'));
    return dir;
  });
  const nodes = await Promise.all(
    dirs.map((dataDir) =>
      startServeNode({
        dataDir,
        apiUrl: fake.apiUrl,
        publicKey: fake.publicKey,
        token: FAKE_BOT_TOKEN,
        ...(CACHE_URL ? { cacheUrl: CACHE_URL } : {}),
        args: ['--drain-notice', '0'],
      }),
    ),
  );
  try {
    await run(fake, nodes, WARMUP_PER_NODE * nodeCount, 0);
    const result = await run(fake, nodes, INTERACTIONS, 1000);
    return {
      nodes: nodeCount,
      perSecond: result.perSecond,
      ackP50: percentile(result.acks, 50),
      ackP95: percentile(result.acks, 95),
      finalP95: percentile(result.finals, 95),
      failed: result.failed,
      reasons: result.reasons,
    };
  } finally {
    for (const node of nodes) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((node) => node.exited));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const library = mkdtempSync(join(tmpdir(), 'paperboy-bench-library-'));
  ingestSample(library);
  const fake = await startFakeDiscord();
  const rows: Row[] = [];
  try {
    console.log(
      `${INTERACTIONS} interactions per configuration (3 /papers : 1 autocomplete), concurrency ${CONCURRENCY}, cache ${CACHE_URL ?? 'SQLite per node'}`,
    );
    for (const count of NODE_COUNTS) rows.push(await measure(count, library, fake));
  } finally {
    await fake.close();
    rmSync(library, { recursive: true, force: true });
  }
  const one = rows.find((r) => r.nodes === 1) ?? rows[0];
  const ratio = (value: number, base: number | undefined) => (base ? `${(value / base).toFixed(2)}x` : '-');
  const f = (n: number) => n.toFixed(0);
  console.log('nodes | interactions/s (ratio) | ack p50 ms | ack p95 ms (ratio) | final p95 ms (ratio) | failed');
  for (const row of rows) {
    console.log(
      [
        String(row.nodes).padStart(5),
        `${f(row.perSecond)} (${ratio(row.perSecond, one?.perSecond)})`.padStart(23),
        f(row.ackP50).padStart(10),
        `${f(row.ackP95)} (${ratio(row.ackP95, one?.ackP95)})`.padStart(18),
        `${f(row.finalP95)} (${ratio(row.finalP95, one?.finalP95)})`.padStart(20),
        String(row.failed).padStart(6),
      ].join(' | '),
    );
  }
  for (const row of rows) {
    for (const [reason, n] of row.reasons) console.log(`  ${row.nodes} node(s): ${n} × ${reason.slice(0, 160)}`);
  }
}

async function fanout(): Promise<void> {
  if (FANOUT_SUBSCRIPTIONS <= 0) return;
  console.log(
    `\ndigest fan-out: ${FANOUT_SUBSCRIPTIONS} subscriptions, workers ${FANOUT_WORKERS.join(', ')}, ledger in ${DATABASE_URL ? 'PostgreSQL' : 'a shared SQLite file'}`,
  );
  const results = await measureDigestFanout({
    subscriptions: FANOUT_SUBSCRIPTIONS,
    workers: FANOUT_WORKERS,
    restPerSecond: 1000,
    ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
    ...(CACHE_URL ? { redisUrl: CACHE_URL } : {}),
  });
  console.log(formatDigestFanout(results));
}

await main();
await fanout();

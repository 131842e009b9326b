import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { z } from 'zod';
import type { CommandContext, OptionsOf } from '../src/interactions/types.ts';
import type { Llm } from '../src/llm/types.ts';
import { EVENT_LOOP_BLOCKED_MS } from '../src/runtime/event-loop-monitor.ts';
import { VERSION } from '../src/version.ts';
import type { StatusEntry, View } from '../src/views.ts';

export const definition = {
  name: 'status',
  description: 'Sources, language model and cache status',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const defer = 'ephemeral';

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  huggingface: 'Hugging Face',
  arxiv: 'arXiv',
  semanticscholar: 'Semantic Scholar',
};

// sources.status() is read loosely: a record by source name (or a list with `name`) of
// { lastSuccess?, lastError?, mode?, skippedUntil? }, where lastError starts with an ISO timestamp.
const SourceHealth = z.object({
  name: z.string().optional(),
  lastSuccess: z.union([z.string(), z.number()]).optional(),
  lastError: z.string().optional(),
  mode: z.enum(['offline', 'disabled']).optional(),
  skippedUntil: z.string().optional(),
});

// A source that is off by configuration is not failing: it says so, and which variable turns it on.
const OFF_DETAIL = {
  offline: 'off: OFFLINE=true (library only)',
  disabled: 'disabled',
  semanticscholarDisabled: 'disabled: SEMANTIC_SCHOLAR_ENABLED=false',
} as const;
const SourcesStatus = z.union([z.array(SourceHealth), z.record(z.string(), SourceHealth)]);

export async function handle(_input: OptionsOf<typeof definition>, ctx: CommandContext): Promise<View> {
  const { llm, cache, library, sources } = ctx.services;
  const entries: StatusEntry[] = [];
  entries.push(...(await sourceEntries(sources?.status(), ctx)));
  entries.push(llmEntry(llm));
  entries.push({ name: 'Library', ok: true, detail: `${library.count()} papers` });
  const stats = Object.values(cache.stats());
  const hits = stats.reduce((sum, s) => sum + s.hits, 0);
  const misses = stats.reduce((sum, s) => sum + s.misses, 0);
  const ratio = hits + misses > 0 ? ` (${Math.round((100 * hits) / (hits + misses))}% hits)` : '';
  entries.push({ name: 'Cache', ok: true, detail: `${cache.kind}: ${hits} hits, ${misses} misses${ratio}` });
  const delay = ctx.services.eventLoop?.();
  if (delay) {
    entries.push({
      name: 'Event loop',
      // DESIGN.md: the loop only routes; a delay this long holds up acknowledgements.
      ok: delay.maxMs <= EVENT_LOOP_BLOCKED_MS,
      detail: `delay p50 ${delay.p50Ms} ms, p99 ${delay.p99Ms} ms, max ${delay.maxMs} ms`,
    });
  }
  return { kind: 'status', version: VERSION, entries };
}

/**
 * The model per task and the endpoint's host (never its path or key), e.g. "gpt-4o-mini at
 * api.openai.com"; degraded when the endpoint did not list a configured model at start-up.
 */
function llmEntry(llm: Llm): StatusEntry {
  const name = 'Language model';
  if (!llm.configured) return { name, ok: true, detail: 'not configured: extractive summaries (no LLM)' };
  const description = llm.describe?.();
  if (!description?.configured) return { name, ok: true, detail: 'configured' };
  const tasksByModel = new Map<string, string[]>();
  for (const { task, model } of description.models) tasksByModel.set(model, [...(tasksByModel.get(model) ?? []), task]);
  const models = [...tasksByModel].map(([model, tasks]) =>
    tasksByModel.size === 1 ? model : `${model} (${tasks.join(', ')})`,
  );
  const unknown = description.models.filter((m) => m.availability === 'unknown').map((m) => m.model);
  const notes = [
    unknown.length > 0 ? `not listed by the endpoint: ${[...new Set(unknown)].join(', ')}` : undefined,
    description.models.some((m) => m.availability === 'unchecked') ? 'unchecked: no model list at start-up' : undefined,
  ].filter((note) => note !== undefined);
  return {
    name,
    ok: unknown.length === 0,
    detail: [`${models.join(', ')} at ${description.endpoint}`, ...notes].join('; '),
  };
}

async function sourceEntries(status: unknown, ctx: CommandContext): Promise<StatusEntry[]> {
  if (status === undefined) return [{ name: 'Sources', ok: false, detail: 'not configured (library only)' }];
  const parsed = SourcesStatus.safeParse(await status);
  if (!parsed.success) {
    ctx.log.warn({ err: parsed.error }, 'unexpected sources status shape');
    return [{ name: 'Sources', ok: false, detail: 'status unavailable' }];
  }
  const list = Array.isArray(parsed.data)
    ? parsed.data.map((entry, index) => [entry.name ?? `source ${index + 1}`, entry] as const)
    : Object.entries(parsed.data);
  return list.map(([name, health]) => {
    const label = SOURCE_LABELS[health.name ?? name] ?? name;
    if (health.mode === 'offline') return { name: label, ok: true, detail: OFF_DETAIL.offline };
    if (health.mode === 'disabled') {
      const s2 = (health.name ?? name) === 'semanticscholar';
      return { name: label, ok: true, detail: s2 ? OFF_DETAIL.semanticscholarDisabled : OFF_DETAIL.disabled };
    }
    const success = toIso(health.lastSuccess);
    const failure = health.lastError ? /^\S+/.exec(health.lastError)?.[0] : undefined;
    const failedLast = failure !== undefined && (success === undefined || failure > success);
    const detail = [
      health.skippedUntil ? `unreachable: skipped until ${health.skippedUntil}` : undefined,
      success ? `last success ${success}` : failure ? 'no success yet' : 'not asked yet',
      failedLast ? `last failure ${failure}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join('; ');
    return { name: label, ok: !failedLast && !health.skippedUntil, detail };
  });
}

function toIso(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? new Date(value).toISOString() : value;
}

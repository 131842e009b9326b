import { OpenAI } from 'openai';
import { hasLlm } from '../config.ts';
import type { Logger } from '../log.ts';
import { type LlmConfig, type LlmTask, PLACEHOLDER_API_KEY } from './chat-model.ts';
import type { ModelAvailability } from './types.ts';

/** Where the openai SDK (and so langchain) sends requests when OPENAI_BASE_URL is not set. */
export const OPENAI_API_URL = 'https://api.openai.com/v1';
// Start-up waits at most this long for the list: a slow endpoint is reported, not waited for.
export const MODEL_LIST_TIMEOUT_MS = 3000;
// Enough ids to spot the intended one (closest first) without pasting a whole catalogue into a log line.
const SUGGESTED_IDS = 5;

/** The endpoint's model list, as read once at start-up. */
export interface ModelCatalog {
  /** Host and port of the endpoint; never its path, user or key. */
  readonly endpoint: string;
  /** The ids the endpoint lists; undefined when the list could not be read. */
  readonly ids: ReadonlySet<string> | undefined;
}

export interface CheckModelsOptions {
  readonly config: LlmConfig;
  readonly log: Logger;
  /** Default MODEL_LIST_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

/**
 * Lists the endpoint's models (GET /models through the openai SDK) and warns once for each
 * configured model it does not list, naming the model, the endpoint and the closest listed ids,
 * so a mistyped LLM_MODEL shows at start rather than as failing summaries. An endpoint that cannot
 * be reached, or has no model list, is one warning too. Never throws and never retries; without an
 * LLM configured nothing is sent and the result is undefined.
 */
export async function checkModels({
  config,
  log,
  timeoutMs = MODEL_LIST_TIMEOUT_MS,
}: CheckModelsOptions): Promise<ModelCatalog | undefined> {
  if (!hasLlm({ llm: config })) return undefined;
  const llmLog = log.child({ module: 'llm' });
  const endpoint = endpointHost(config);
  const client = new OpenAI({
    apiKey: config.apiKey ?? PLACEHOLDER_API_KEY,
    baseURL: config.baseUrl ?? OPENAI_API_URL,
    timeout: timeoutMs,
    maxRetries: 0,
  });
  let catalog: ModelCatalog;
  try {
    const page = await client.models.list();
    catalog = { endpoint, ids: new Set(page.data.map((model) => model.id)) };
  } catch (error) {
    llmLog.warn({ err: error, endpoint }, 'could not list the LLM endpoint models; model names are unchecked');
    return { endpoint, ids: undefined };
  }
  for (const [model, tasks] of tasksByModel(config.models)) {
    if (modelAvailability(catalog, model) !== 'unknown') continue;
    llmLog.warn(
      { model, tasks, endpoint, available: closestIds(model, catalog.ids ?? new Set()) },
      'LLM model not listed by the endpoint; its requests will fail',
    );
  }
  return catalog;
}

/** Whether the catalog lists `model`; Ollama lists `name:latest` for a model asked for as `name`. */
export function modelAvailability(catalog: ModelCatalog | undefined, model: string): ModelAvailability {
  if (catalog?.ids === undefined) return 'unchecked';
  return catalog.ids.has(model) || catalog.ids.has(`${model}:latest`) ? 'found' : 'unknown';
}

/** The endpoint's host and port, the part of OPENAI_BASE_URL that may be shown. */
export function endpointHost(config: Pick<LlmConfig, 'baseUrl'>): string {
  return new URL(config.baseUrl ?? OPENAI_API_URL).host;
}

function tasksByModel(models: LlmConfig['models']): Map<string, LlmTask[]> {
  const byModel = new Map<string, LlmTask[]>();
  for (const [task, model] of Object.entries(models) as Array<[LlmTask, string]>) {
    byModel.set(model, [...(byModel.get(model) ?? []), task]);
  }
  return byModel;
}

function closestIds(model: string, ids: ReadonlySet<string>): string[] {
  return [...ids]
    .map((id) => ({ id, distance: editDistance(model.toLowerCase(), id.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, SUGGESTED_IDS)
    .map(({ id }) => id);
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

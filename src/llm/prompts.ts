import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import Mustache from 'mustache';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/index.ts';

/**
 * Every prompt the code renders, with the variables the code supplies. A prompt file must declare
 * exactly these, so a prompt edited out of step with the code fails at start-up, not mid-request.
 */
export const PROMPT_VARIABLES = {
  summarize: ['language', 'paper', 'hint', 'tldr', 'detailed', 'eli5', 'bullets'],
  compare: ['language', 'papers', 'count'],
  ask: ['language', 'papers', 'count', 'question'],
  'ask-paper': ['language', 'title', 'passages', 'count', 'question'],
  tldr: ['paper'],
  'query-rewrite': ['question'],
} as const satisfies Record<string, readonly string[]>;

export type PromptName = keyof typeof PROMPT_VARIABLES;
export const PROMPT_NAMES = Object.keys(PROMPT_VARIABLES) as PromptName[];

/** Values for a prompt's variables: strings, or booleans for `{{#section}}` switches. */
export type PromptVariables<N extends PromptName> = Readonly<
  Record<(typeof PROMPT_VARIABLES)[N][number], string | boolean>
>;

export interface RenderedPrompt {
  readonly system: string;
  readonly user: string;
  /**
   * The value of every variable the prompt declares, which loadPrompts makes exactly the ones its
   * template uses: the LLM cache key is derived from these, so nothing the model reads can be
   * left out of it (issue 12: the summarize prompt's `hint` from aiSummary was).
   */
  readonly inputs: Readonly<Record<string, string | boolean>>;
}

export interface Prompt {
  readonly name: PromptName;
  /** Part of every LLM cache key: bumping it invalidates the prompt's cached outputs. */
  readonly version: number;
  readonly description: string;
  readonly variables: readonly string[];
}

export interface PromptRegistry {
  get(name: PromptName): Prompt;
  /** @throws Error when a declared variable has no value (a bug in the caller). */
  render<N extends PromptName>(name: N, variables: PromptVariables<N>): RenderedPrompt;
}

const FrontMatter = z.strictObject({
  name: z.enum(PROMPT_NAMES as [PromptName, ...PromptName[]]),
  version: z.number().int().positive(),
  description: z.string().min(1),
  variables: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).default([]),
});

// A body is two Markdown sections, the system message then the user message.
const SECTIONS = /^# system[ \t]*\n([\s\S]*?)^# user[ \t]*\n([\s\S]*)$/m;

/** The repository's prompts/ directory, found from this file rather than the working directory. */
export function defaultPromptsDir(): string {
  return fileURLToPath(new URL('../../prompts/', import.meta.url));
}

/**
 * Loads and checks every prompt in `dir` (`<name>.md` for each of PROMPT_NAMES): front matter,
 * the two sections, and that the declared variables are exactly those the template uses and the
 * code supplies.
 * @throws ConfigError listing every problem found, one entry per prompt file.
 */
export function loadPrompts(dir: string): PromptRegistry {
  const issues: ConfigIssue[] = [];
  const templates = new Map<PromptName, { prompt: Prompt; system: string; user: string }>();
  for (const name of PROMPT_NAMES) {
    const file = join(dir, `${name}.md`);
    const variable = `prompts/${name}.md`;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      issues.push({
        variable,
        problem: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    const problems: string[] = [];
    const parsed = matter(source);
    const front = FrontMatter.safeParse(parsed.data);
    if (!front.success) {
      problems.push(`front matter: ${front.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    } else if (front.data.name !== name) {
      problems.push(`front matter name "${front.data.name}" does not match the file name`);
    }
    const sections = SECTIONS.exec(parsed.content.trimStart());
    if (!sections) problems.push('body needs a "# system" section followed by a "# user" section');
    const system = sections?.[1]?.trim() ?? '';
    const user = sections?.[2]?.trim() ?? '';
    let used = new Set<string>();
    try {
      used = new Set([...templateVariables(system), ...templateVariables(user)]);
    } catch (error) {
      problems.push(`template does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (front.success) {
      const declared = new Set(front.data.variables);
      const expected = new Set<string>(PROMPT_VARIABLES[name]);
      for (const v of used) if (!declared.has(v)) problems.push(`uses undeclared variable "${v}"`);
      for (const v of declared) if (!used.has(v)) problems.push(`declares "${v}" but never uses it`);
      for (const v of expected) if (!declared.has(v)) problems.push(`must declare "${v}" (the code supplies it)`);
      for (const v of declared) if (!expected.has(v)) problems.push(`declares "${v}", which the code never supplies`);
      if (problems.length === 0) {
        templates.set(name, {
          prompt: { ...front.data, name, variables: front.data.variables },
          system,
          user,
        });
      }
    }
    if (problems.length > 0) issues.push({ variable, problem: problems.join('; ') });
  }
  if (issues.length > 0) throw new ConfigError(issues);

  // A writer of our own: Mustache's module-level template cache and escape function stay untouched.
  const writer = new Mustache.Writer();
  const config = { escape: (text: string) => text };
  const entry = (name: PromptName) => {
    const found = templates.get(name);
    if (!found) throw new Error(`prompt ${name} was not loaded`);
    return found;
  };
  return {
    get: (name) => entry(name).prompt,
    render(name, variables) {
      const { prompt, system, user } = entry(name);
      const view = variables as Readonly<Record<string, string | boolean | undefined>>;
      const missing = prompt.variables.filter((v) => view[v] === undefined);
      if (missing.length > 0) throw new Error(`prompt ${name}: no value for ${missing.join(', ')}`);
      const inputs = Object.fromEntries(prompt.variables.map((v) => [v, view[v] ?? '']));
      return {
        inputs,
        system: writer.render(system, view, undefined, config).trim(),
        user: writer.render(user, view, undefined, config).trim(),
      };
    },
  };
}

type Token = [string, string, number, number, Token[]?, ...unknown[]];

/** Every variable and section name a template refers to (partials are not supported). */
export function templateVariables(template: string): Set<string> {
  const names = new Set<string>();
  const walk = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      const [kind, value] = token;
      if (kind === '>') throw new Error(`partials are not supported ({{> ${value}}})`);
      if (kind === 'name' || kind === '&' || kind === '{' || kind === '#' || kind === '^') {
        names.add(value === '.' ? value : (value.split('.')[0] ?? value));
      }
      const children = token[4];
      if ((kind === '#' || kind === '^') && Array.isArray(children)) walk(children);
    }
  };
  walk(new Mustache.Writer().parse(template) as unknown as Token[]);
  names.delete('.');
  return names;
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError } from '../../../src/errors/index.ts';
import { defaultPromptsDir, loadPrompts, templateVariables } from '../../../src/llm/prompts.ts';

function copyOfPrompts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-prompts-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(defaultPromptsDir(), dir, { recursive: true });
  return dir;
}

function edit(dir: string, name: string, change: (text: string) => string): void {
  const file = join(dir, `${name}.md`);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

function loadError(dir: string): ConfigError {
  try {
    loadPrompts(dir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadPrompts to throw');
}

describe('loadPrompts', () => {
  it('loads every prompt in the repository with its version', () => {
    const prompts = loadPrompts(defaultPromptsDir());

    expect(prompts.get('summarize')).toMatchObject({ name: 'summarize', version: 1 });
    expect(prompts.get('query-rewrite').variables).toEqual(['question']);
  });

  it('renders the chosen style section only, without HTML escaping', () => {
    const prompts = loadPrompts(defaultPromptsDir());

    const { system, user } = prompts.render('summarize', {
      language: 'en',
      paper: '<paper>a & b "c"</paper>',
      hint: '',
      tldr: false,
      detailed: false,
      eli5: true,
      bullets: false,
    });

    expect(user).toBe('Summarise this paper.\n\n<paper>a & b "c"</paper>');
    expect(system).toContain('- eli5: explain it');
    expect(system).not.toContain('- tldr:');
  });

  it('throws when a declared variable has no value at render time', () => {
    const prompts = loadPrompts(defaultPromptsDir());

    expect(() => prompts.render('tldr', {} as { paper: string })).toThrow('prompt tldr: no value for paper');
  });

  it('fails at start-up when a template uses an undeclared variable', () => {
    const dir = copyOfPrompts();
    edit(dir, 'tldr', (text) => text.replace('{{paper}}', '{{paper}} {{secret}}'));

    expect(loadError(dir).issues).toEqual([
      {
        variable: 'prompts/tldr.md',
        problem: 'uses undeclared variable "secret"',
      },
    ]);
  });

  it('fails at start-up when a variable the code supplies is missing from the file', () => {
    const dir = copyOfPrompts();
    edit(dir, 'ask', (text) =>
      text
        .replace('variables: [language, papers, count, question]', 'variables: [language, papers, count]')
        .replace('{{question}}', ''),
    );

    expect(loadError(dir).issues[0]?.problem).toBe('must declare "question" (the code supplies it)');
  });

  it('fails at start-up when the front matter has no version', () => {
    const dir = copyOfPrompts();
    edit(dir, 'compare', (text) => text.replace('version: 1\n', ''));

    expect(loadError(dir).issues[0]?.problem).toMatch(/^front matter: version: /);
  });

  it('fails at start-up when a prompt file is missing', () => {
    const dir = copyOfPrompts();
    rmSync(join(dir, 'tldr.md'));

    expect(loadError(dir).issues.map((i) => i.variable)).toEqual(['prompts/tldr.md']);
  });
});

describe('templateVariables', () => {
  it('collects names from variables and sections, nested ones included', () => {
    expect(templateVariables('{{a}} {{{b}}} {{#c}}{{d}}{{/c}} {{^e}}x{{/e}}')).toEqual(
      new Set(['a', 'b', 'c', 'd', 'e']),
    );
  });
});

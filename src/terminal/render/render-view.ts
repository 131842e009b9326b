import type { ExtractiveReason, Generator, Summary } from '../../llm/types.ts';
import { type Paper, paperUrl } from '../../papers/paper.ts';
import type { View, ViewAction, ViewControls, ViewSelect } from '../../views.ts';
import { digestMessageView, terminalChannel } from './digest.ts';
import { authorLine, clean, oneLine, wrap } from './text.ts';

// Terminal output wraps at 100 columns: readable in an 80–120 column window.
const WIDTH = 100;
const TITLE_CHARS = 160;
const SNIPPET_CHARS = 240;

/** An action the user can pick by number: a button, or a select menu (followed by option numbers). */
export type TerminalAction =
  | { readonly kind: 'button'; readonly action: ViewAction }
  | { readonly kind: 'select'; readonly select: ViewSelect };

export interface RenderedView {
  readonly text: string;
  /** `actions[n - 1]` is what typing `n` does. */
  readonly actions: readonly TerminalAction[];
}

/** Renders a View as plain text for the terminal chat, numbering its buttons and menus. */
export function renderView(view: View): RenderedView {
  const actions = numberActions('controls' in view ? view.controls : undefined);
  const body = renderBody(view);
  const menu = actions.map((action, index) => `[${index + 1}] ${actionLine(action, index + 1)}`);
  return { text: [body, ...(menu.length > 0 ? ['', ...menu] : [])].join('\n'), actions };
}

function renderBody(view: View): string {
  switch (view.kind) {
    case 'paper-list':
      return renderPaperList(view);
    case 'summary':
      return renderSummary(view.paper, view.summary);
    case 'comparison':
      return renderComparison(view);
    case 'answer':
      return renderAnswer(view);
    case 'paper':
      return renderPaper(view.paper);
    case 'help':
      return [
        'Commands (type them like /papers query: diffusion limit: 3; plain text searches):',
        ...view.commands.map(
          (c) =>
            `  ${c.name.startsWith('/') || c.name.includes(' ') ? c.name : `/${c.name}`} — ${c.description}\n      e.g. ${c.example}`,
        ),
        '  /quit — leave the chat',
        'After a result, type the number of an action, e.g. 1, or 2 3 to pick result 3 in menu 2.',
      ].join('\n');
    case 'status':
      return [
        `Paperboy ${view.version}`,
        ...view.entries.map((e) => `  ${e.ok ? '✓' : '✗'} ${oneLine(e.name, 60)}: ${oneLine(e.detail, 200)}`),
      ].join('\n');
    case 'message':
      return `${view.tone === 'warning' ? '! ' : view.tone === 'success' ? '✓ ' : ''}${clean(view.text)}`;
    case 'error':
      return `Error: ${clean(view.userMessage)} (ref ${view.errorId})`;
    case 'digest-subscribed':
    case 'digest-unsubscribed':
    case 'digest-list':
    case 'digest-preview':
      return renderBody(digestMessageView(view, terminalChannel));
    default:
      return view satisfies never;
  }
}

function renderPaperList(view: Extract<View, { kind: 'paper-list' }>): string {
  const lines = [oneLine(view.title, TITLE_CHARS)];
  for (const notice of view.notices) lines.push(`! ${oneLine(notice, WIDTH * 2)}`);
  if (view.hits.length === 0) {
    lines.push(view.page > 0 ? 'No more results.' : 'No papers found. Try other words, or since: any.');
    return lines.join('\n');
  }
  view.hits.forEach((hit, index) => {
    const paper = hit.paper;
    const meta = [authorLine(paper.authors), paper.published.slice(0, 10), upvotes(paper)].filter(Boolean).join(' · ');
    lines.push('');
    lines.push(`${String(index + 1).padStart(2)}. ${oneLine(paper.title, TITLE_CHARS)}`);
    if (meta) lines.push(`    ${meta}`);
    lines.push(`    ${[paper.id, paperUrl(paper)].filter(Boolean).join(' · ')}`);
    if (hit.snippet) lines.push(`    ${oneLine(hit.snippet, SNIPPET_CHARS)}`);
  });
  lines.push('');
  lines.push(`Page ${view.page + 1}${view.hasMore ? ' · more results' : ''}`);
  return lines.join('\n');
}

function renderSummary(paper: Paper, summary: Summary): string {
  const lines = [oneLine(paper.title, TITLE_CHARS), paperLinks(paper)];
  lines.push(
    `Summary (${summary.style}, ${oneLine(summary.language, 40)}) — ${generatorLabel(summary.generator, 'summary')}`,
  );
  lines.push('');
  lines.push(wrap(`TL;DR: ${summary.tldr}`, WIDTH));
  if (summary.keyPoints.length > 0) {
    lines.push('', 'Key points:');
    for (const point of summary.keyPoints) lines.push(wrap(`• ${point}`, WIDTH, '  '));
  }
  for (const [label, text] of [
    ['Method', summary.method],
    ['Results', summary.results],
    ['Limitations', summary.limitations],
  ] as const) {
    if (text.trim()) lines.push('', wrap(`${label}: ${text}`, WIDTH));
  }
  if (summary.unverifiedNumbers.length > 0) {
    lines.push(
      '',
      `! Not found in the abstract, check before quoting: ${summary.unverifiedNumbers.map((n) => clean(n)).join(', ')}`,
    );
  }
  return lines.join('\n');
}

function renderComparison(view: Extract<View, { kind: 'comparison' }>): string {
  const { papers, comparison } = view;
  const lines = [`Comparison of ${papers.length} papers — ${generatorLabel(comparison.generator, 'comparison')}`];
  for (const [index, paper] of papers.entries()) {
    lines.push(`  [${index + 1}] ${oneLine(paper.title, TITLE_CHARS)} (${paper.id})`);
  }
  for (const row of comparison.rows) {
    lines.push('', `${capitalize(row.aspect)}:`);
    for (const [index, cell] of row.cells.entries()) lines.push(wrap(`[${index + 1}] ${cell}`, WIDTH, '  '));
  }
  if (comparison.sharedTerms && comparison.sharedTerms.length > 0) {
    lines.push('', `Shared terms: ${comparison.sharedTerms.map((t) => oneLine(t, 40)).join(', ')}`);
  }
  if (comparison.verdict.trim()) lines.push('', wrap(`Verdict: ${comparison.verdict}`, WIDTH));
  return lines.join('\n');
}

function renderAnswer(view: Extract<View, { kind: 'answer' }>): string {
  const { answer, papers } = view;
  const lines = [`Q: ${oneLine(view.question, WIDTH * 2)}`, `— ${generatorLabel(answer.generator, 'answer')}`];
  for (const notice of view.notices) lines.push(`! ${oneLine(notice, WIDTH * 2)}`);
  lines.push('', wrap(answer.text, WIDTH));
  if (!answer.answered) lines.push('', '! The papers found do not answer this directly.');
  const cited = new Set(answer.citations.map((c) => c.n));
  if (papers.length > 0) {
    lines.push('', 'Sources:');
    papers.forEach((paper, index) => {
      const n = index + 1;
      const url = paperUrl(paper);
      lines.push(
        `  [${n}]${cited.has(n) ? '' : ' (not cited)'} ${oneLine(paper.title, TITLE_CHARS)} — ${url ?? paper.id}`,
      );
    });
  }
  return lines.join('\n');
}

function renderPaper(paper: Paper): string {
  const lines = [oneLine(paper.title, TITLE_CHARS * 2)];
  const authors = authorLine(paper.authors);
  if (authors) lines.push(authors);
  const facts = [
    paper.published ? `Published ${paper.published.slice(0, 10)}` : undefined,
    paper.updated ? `updated ${paper.updated.slice(0, 10)}` : undefined,
    paper.categories.length > 0 ? paper.categories.join(', ') : undefined,
    upvotes(paper),
    paper.citationCount !== undefined ? `${paper.citationCount} citations` : undefined,
  ].filter(Boolean);
  lines.push(facts.join(' · '));
  lines.push(paperLinks(paper));
  if (paper.tldr) lines.push('', wrap(`TL;DR: ${paper.tldr}`, WIDTH));
  lines.push('', wrap(paper.abstract, WIDTH));
  return lines.join('\n');
}

function paperLinks(paper: Paper): string {
  const links = [
    ['abs', paper.links.abs],
    ['pdf', paper.links.pdf],
    ['HF', paper.links.hf],
    ['code', paper.links.code],
    ['project', paper.links.project],
  ].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const parts = [paper.id, ...links.map(([label, url]) => `${label}: ${clean(url)}`)];
  return parts.join(' · ');
}

/**
 * Says who wrote it; the fallback is always labelled, with why, so nobody mistakes copied sentences
 * for a model's, or a failing model for a missing one.
 */
function generatorLabel(generator: Generator, what: string): string {
  if (generator.kind === 'llm') return `by ${oneLine(generator.model, 60)}`;
  return `extractive ${what} — ${EXTRACTIVE_REASONS[generator.reason]}`;
}

const EXTRACTIVE_REASONS: Readonly<Record<ExtractiveReason, string>> = {
  'not-configured': 'no LLM configured',
  'llm-unavailable': 'the language model is not answering right now',
};

function upvotes(paper: Paper): string | undefined {
  return paper.upvotes !== undefined ? `▲ ${paper.upvotes}` : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function numberActions(controls: ViewControls | undefined): TerminalAction[] {
  if (!controls) return [];
  const buttons = (controls.buttons ?? [])
    .filter((action) => !action.disabled)
    .map((action): TerminalAction => ({ kind: 'button', action }));
  const selects = (controls.selects ?? [])
    .filter((select) => select.options.length >= select.minValues)
    .map((select): TerminalAction => ({ kind: 'select', select }));
  return [...buttons, ...selects];
}

function actionLine(action: TerminalAction, n: number): string {
  if (action.kind === 'button') return oneLine(action.action.label, 80);
  const { select } = action;
  const count =
    select.minValues === select.maxValues ? `${select.minValues}` : `${select.minValues}–${select.maxValues}`;
  const what = select.maxValues === 1 ? 'a result number' : `${count} result numbers`;
  return `${oneLine(select.placeholder, 80)} — type ${n} and ${what}, e.g. ${n} ${exampleIndexes(select).join(' ')}`;
}

function exampleIndexes(select: ViewSelect): number[] {
  return Array.from({ length: Math.max(1, select.minValues) }, (_, i) => i + 1);
}

import { groundingWarnings } from '../../llm/grounding.ts';
import type { Generator, Summary } from '../../llm/types.ts';
import { type Paper, paperUrl } from '../../papers/paper.ts';
import { digestMessageView } from '../../render/digest-text.ts';
import { EXTRACTIVE_REASONS } from '../../render/extractive-reasons.ts';
import type { View, ViewAction, ViewControls, ViewSelect } from '../../views.ts';
import { type ActionWord, actionHelp, actionWord } from '../action-words.ts';
import { terminalChannel } from './channel-label.ts';
import { authorLine, clean, fitToWidth, oneLine } from './text.ts';

// Without a terminal to ask (output piped), lines wrap at 100 columns.
export const DEFAULT_WIDTH = 100;
const TITLE_CHARS = 300;
const SNIPPET_CHARS = 240;
const NOTICE_CHARS = 300;

/**
 * An action the user runs by its word: a button, or a select menu followed by result numbers.
 * `firstNumber` is the number shown next to the menu's first option (6 on a second page of 5).
 */
export type TerminalAction =
  | { readonly kind: 'button'; readonly action: ViewAction; readonly word: ActionWord }
  | { readonly kind: 'select'; readonly select: ViewSelect; readonly word: ActionWord; readonly firstNumber: number };

export interface RenderedView {
  /** Wrapped at word boundaries to the width asked for; links and other long words are kept whole. */
  readonly text: string;
  readonly actions: readonly TerminalAction[];
}

export interface RenderOptions {
  /** Columns to wrap at: the terminal's width (default DEFAULT_WIDTH). */
  readonly width?: number;
}

/** Renders a View as plain text for the terminal chat, with the words that run its buttons and menus. */
export function renderView(view: View, options: RenderOptions = {}): RenderedView {
  const firstNumber = view.kind === 'paper-list' ? view.offset + 1 : 1;
  const actions = wordActions('controls' in view ? view.controls : undefined, firstNumber);
  const body = renderBody(view);
  const menu = actions.length > 0 ? ['', `→ ${actionHints(actions)}`] : [];
  const text = fitToWidth([body, ...menu].join('\n'), options.width ?? DEFAULT_WIDTH);
  // A file (the BibTeX export) is printed whole after the text, unwrapped, to copy or redirect.
  const file =
    view.kind === 'message' && view.file ? `\n\n--- ${oneLine(view.file.name, 80)} ---\n${view.file.text}` : '';
  return { text: text + file, actions };
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
        '  /quit — leave the chat (or Ctrl-C twice; Ctrl-C once stops a running command)',
        'After a list or a summary, type an action:',
        ...actionHelp(),
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
    case 'controls-update':
      return view.buttons.map((button) => oneLine(button.label, 80)).join(' · ');
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
  for (const notice of view.notices) lines.push(`! ${oneLine(notice, NOTICE_CHARS)}`);
  if (view.hits.length === 0) {
    lines.push(view.page > 0 ? 'No more results.' : 'No papers found. Try other words, or since: any.');
    return lines.join('\n');
  }
  view.hits.forEach((hit, index) => {
    const paper = hit.paper;
    const meta = [authorLine(paper.authors), paper.published.slice(0, 10), upvotes(paper)].filter(Boolean).join(' · ');
    lines.push('');
    // Numbers run on across pages (page 2 of 5 starts at 6), as in Discord.
    lines.push(`${String(view.offset + index + 1).padStart(2)}. ${oneLine(paper.title, TITLE_CHARS)}`);
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
  lines.push(prose(`TL;DR: ${summary.tldr}`));
  if (summary.keyPoints.length > 0) {
    lines.push('', 'Key points:');
    for (const point of summary.keyPoints) lines.push(`  • ${oneLine(point, 2000)}`);
  }
  for (const [label, text] of [
    ['Method', summary.method],
    ['Results', summary.results],
    ['Limitations', summary.limitations],
  ] as const) {
    if (text.trim()) lines.push('', prose(`${label}: ${text}`));
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
    for (const [index, cell] of row.cells.entries()) lines.push(`  [${index + 1}] ${oneLine(cell, 2000)}`);
  }
  if (comparison.sharedTerms && comparison.sharedTerms.length > 0) {
    lines.push('', `Shared terms: ${comparison.sharedTerms.map((t) => oneLine(t, 40)).join(', ')}`);
  }
  if (comparison.verdict.trim()) lines.push('', prose(`Verdict: ${comparison.verdict}`));
  for (const warning of groundingWarnings(comparison)) lines.push('', `! ${oneLine(warning, NOTICE_CHARS)}`);
  return lines.join('\n');
}

function renderAnswer(view: Extract<View, { kind: 'answer' }>): string {
  const { answer, papers } = view;
  const lines = [`Q: ${oneLine(view.question, NOTICE_CHARS)}`, `— ${generatorLabel(answer.generator, 'answer')}`];
  for (const notice of view.notices) lines.push(`! ${oneLine(notice, NOTICE_CHARS)}`);
  // "Not answered" is said once: the answer's own text says it (issue 15: it was said twice).
  lines.push('', prose(answer.answered ? answer.text : `! ${answer.text}`));
  for (const warning of groundingWarnings(answer)) lines.push('', `! ${oneLine(warning, NOTICE_CHARS)}`);
  const cited = new Set(answer.citations.map((c) => c.n));
  const passages = answer.citations.filter((c) => c.section !== undefined);
  if (passages.length > 0) {
    // Passages of one paper (/ask in a Discuss thread): each citation names its section.
    lines.push('', 'Sources:');
    for (const { n, paperId, section } of passages) {
      const paper = papers.find((p) => p.id === paperId);
      const title = paper ? oneLine(paper.title, TITLE_CHARS) : paperId;
      lines.push(
        `  [${n}] ${title}, ${oneLine(section ?? '', TITLE_CHARS)} — ${(paper && paperUrl(paper)) ?? paperId}`,
      );
    }
  } else if (papers.length > 0) {
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
  if (paper.tldr) lines.push('', prose(`TL;DR: ${paper.tldr}`));
  lines.push('', prose(paper.abstract));
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

function upvotes(paper: Paper): string | undefined {
  return paper.upvotes !== undefined ? `▲ ${paper.upvotes}` : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Paragraphs of untrusted prose as lines (wrapped later, with everything else, by fitToWidth). */
function prose(text: string): string {
  return clean(text)
    .split(/\n+/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function wordActions(controls: ViewControls | undefined, firstNumber: number): TerminalAction[] {
  if (!controls) return [];
  // Menus first, as in Discord: picking a result is what a list is for.
  const selects = (controls.selects ?? [])
    .filter((select) => select.options.length >= Math.max(1, select.minValues))
    .map((select): TerminalAction => ({ kind: 'select', select, word: actionWord(select.route), firstNumber }));
  const buttons = (controls.buttons ?? [])
    .filter((action) => !action.disabled)
    .map((action): TerminalAction => ({ kind: 'button', action, word: actionWord(action.route) }));
  return [...selects, ...buttons];
}

/** The actions as the menu line shows them: `[s 6] summarize · [c 6 7] compare 2–5 · [n] next page`. */
export function actionHints(actions: readonly TerminalAction[]): string {
  return actions.map(actionHint).join(' · ');
}

/** `[s 6] summarize`, `[c 6 7] compare 2–5`, `[n] next page`: what to type, then what it does. */
function actionHint(action: TerminalAction): string {
  const key = action.word.short ?? action.word.word;
  if (action.kind === 'button') return `[${key}] ${oneLine(action.action.label, 80).toLowerCase()}`;
  const { select, firstNumber } = action;
  const examples = Array.from({ length: Math.max(1, select.minValues) }, (_, i) => firstNumber + i);
  const what = oneLine(select.placeholder, 80).replace(/…$/, '').toLowerCase();
  const range =
    select.maxValues === select.minValues
      ? ''
      : ` ${select.minValues}–${Math.min(select.maxValues, select.options.length)}`;
  return `[${key} ${examples.join(' ')}] ${what}${range}`;
}

import { button, select } from '../../src/interactions/actions.ts';
import type { Paper } from '../../src/papers/paper.ts';
import type { ViewAction, ViewSelect } from '../../src/views.ts';
import { routes } from './routes.ts';

// Discord: a select menu holds at most 25 options.
const PICK_OPTIONS_MAX = 25;

// Discord: custom_id ≤ 100 characters. `paper.discuss=` takes 14, and base64url grows the state
// (`{"p":"…","m":1}`, 14 bytes around the id) by 4/3: ids up to 50 bytes fit (arXiv ids take 16).
const DISCUSS_ID_MAX_BYTES = 50;

/**
 * The Discuss button for one paper; `shared` when the message shows several (its thread may then
 * be another paper's, so this one's starts in the channel). None for an id too long to carry.
 */
export function discussControl(paper: Pick<Paper, 'id'>, options: { readonly shared?: boolean } = {}): ViewAction[] {
  if (Buffer.byteLength(paper.id) > DISCUSS_ID_MAX_BYTES) return [];
  const state = { p: paper.id, ...(options.shared ? { m: 1 as const } : {}) };
  return [button(routes.paperDiscuss, { label: 'Discuss', state, style: 'secondary' })];
}

/**
 * Discuss for a message that lists several papers (a digest list or cards): a menu of them, so
 * one row serves all of them (Discord: 5 rows of at most 5 buttons, which other controls share).
 */
export function discussPicker(papers: ReadonlyArray<Pick<Paper, 'id' | 'title'>>): ViewSelect {
  return select(routes.paperDiscussPick, {
    placeholder: 'Discuss a paper in a thread…',
    options: papers.slice(0, PICK_OPTIONS_MAX).map((paper) => ({ label: paper.title, value: paper.id })),
    minValues: 1,
    maxValues: 1,
    state: {},
  });
}

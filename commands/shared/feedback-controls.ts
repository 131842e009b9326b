import type { Tally } from '../../src/digest/feedback/feedback-store.ts';
import type { DigestMessage, PlannedPaper } from '../../src/digest/types.ts';
import { button, select } from '../../src/interactions/actions.ts';
import type { ViewAction, ViewControls, ViewSelect } from '../../src/views.ts';
import { routes, type VoteState } from './routes.ts';
import { entrySave } from './save-control.ts';

// Where the 👍 / 👎 / Not interested buttons go (issue 14). Discord: 5 action rows per message and
// 5 buttons per row. A message of up to 5 papers gets a row per paper, labelled with its rank
// (components sit under all the embeds, so the rank says which paper a row is for); the row keeps
// room for two more buttons of other features (Discuss, Save). A longer list gets one "Rate a
// paper…" menu that answers, privately, with the chosen paper's row.

const ROWS_MAX = 5;
// Discord: select values are at most 100 characters.
const OPTION_VALUE_MAX = 100;
// Discord: custom_id ≤ 100. The longest route, `digest.dislike=`, takes 15 characters, and
// base64url grows the state (`{"p":"…","r":10}`, 16 bytes around the id) by 4/3: 47 + 16 bytes
// make 84 characters. arXiv ids take 16.
const VOTE_ID_MAX_BYTES = 47;
const NO_VOTES: Tally = { up: 0, down: 0 };

export interface VoteButtonOptions {
  /** The paper's number on a message of several, shown on its first button. */
  readonly rank?: number;
  readonly tally?: Tally;
  /** Hidden in this channel already: Not interested is shown done. */
  readonly hidden?: boolean;
}

/** Whether a paper id is short enough for persistent vote buttons (ids are short in practice). */
export function canVoteOn(paperId: string): boolean {
  return Buffer.byteLength(paperId) <= VOTE_ID_MAX_BYTES;
}

/** One paper's 👍 n · 👎 n · Not interested, in that order; empty for an id too long to carry. */
export function voteButtons(paperId: string, options: VoteButtonOptions = {}): ViewAction[] {
  if (!canVoteOn(paperId)) return [];
  const { up, down } = options.tally ?? NO_VOTES;
  const state: VoteState = { p: paperId, ...(options.rank === undefined ? {} : { r: options.rank }) };
  const prefix = options.rank === undefined ? '' : `#${options.rank} `;
  return [
    button(routes.digestLike, { label: `${prefix}👍 ${up}`, state, style: 'secondary' }),
    button(routes.digestDislike, { label: `👎 ${down}`, state, style: 'secondary' }),
    button(routes.digestHide, {
      label: options.hidden ? 'Hidden here' : 'Not interested',
      state,
      style: 'secondary',
      disabled: options.hidden ?? false,
    }),
  ];
}

export interface RatedPaper {
  readonly id: string;
  readonly title: string;
  /** The number the list shows it under. */
  readonly number: number;
}

/** "Rate a paper…": the chosen paper's buttons come back privately (digest.rate). */
export function rateMenu(papers: readonly RatedPaper[]): ViewSelect | undefined {
  const options = papers
    .filter((paper) => paper.id.length <= OPTION_VALUE_MAX && canVoteOn(paper.id))
    .map((paper) => ({ label: `${paper.number}. ${paper.title}`, value: paper.id }));
  if (options.length === 0) return undefined;
  return select(routes.digestRate, {
    placeholder: 'Rate a paper… (👍 / 👎 / Not interested)',
    options,
    minValues: 1,
    maxValues: 1,
    state: {},
  });
}

/** The controls of a freshly posted digest message (no votes yet, Save beside them); none on a header or notice. */
export function digestFeedbackControls(message: DigestMessage): ViewControls | undefined {
  switch (message.kind) {
    case 'thread':
      return { rows: [[...voteButtons(message.paper.id), ...entrySave(message.paper.id)]] };
    case 'list':
    case 'cards':
      return papersControls(message.papers, message.startRank);
    case 'header':
    case 'notice':
      return undefined;
    default:
      return message satisfies never;
  }
}

function papersControls(papers: readonly PlannedPaper[], startRank: number): ViewControls {
  if (papers.length <= ROWS_MAX) {
    return {
      rows: papers.map((paper, i) => [...voteButtons(paper.id, { rank: startRank + i }), ...entrySave(paper.id)]),
    };
  }
  const menu = rateMenu(papers.map((paper, i) => ({ id: paper.id, title: paper.title, number: startRank + i })));
  return menu ? { selects: [menu] } : {};
}

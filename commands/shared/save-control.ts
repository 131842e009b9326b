import { button, select } from '../../src/interactions/actions.ts';
import type { ViewAction, ViewSelect } from '../../src/views.ts';
import { type PickState, routes } from './routes.ts';

// Discord: 100 characters per custom_id. `reading.save=` takes 13; base64 turns 3 bytes into 4.
const INLINE_STATE_BYTES = Math.floor(((100 - 'reading.save='.length) * 3) / 4);

/**
 * The Save button for one paper (cards, summaries, digest entries). It carries the paper's id in
 * its custom_id, so it works for as long as the message exists; an id too long for that (a long
 * DOI or local id) keeps it in the component store instead.
 */
export function saveControl(paperId: string, label = 'Save'): ViewAction {
  return persistentSave(paperId, label) ?? button(routes.readingSaveStored, { label, state: { p: paperId } });
}

/** The persistent Save button, or undefined when the id does not fit in a custom_id. */
export function persistentSave(paperId: string, label = 'Save'): ViewAction | undefined {
  if (Buffer.byteLength(JSON.stringify({ p: paperId })) > INLINE_STATE_BYTES) return undefined;
  return button(routes.readingSave, { label, state: { p: paperId }, style: 'secondary' });
}

/** Save for a row of a post's entry (digest rows, "Rate a paper…"): persistent only, so none for an id too long. */
export function entrySave(paperId: string): ViewAction[] {
  const save = persistentSave(paperId);
  return save ? [save] : [];
}

/** "Save…" on a list of papers, one or several at once; the options are the list's (paper-list-view.ts). */
export function saveMenu(options: ViewSelect['options'], state: PickState): ViewSelect {
  return select(routes.readingSavePick, {
    placeholder: 'Save…',
    options,
    minValues: 1,
    maxValues: options.length,
    state,
  });
}

import type { AutocompleteChoice } from '../../src/interactions/types.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { collapseWhitespace } from '../../src/text/index.ts';

// Discord: autocomplete values are at most 100 characters.
const MAX_ID_VALUE = 100;

/**
 * An autocomplete choice shown by title (issue 15: the id crowded the title out). The value is the
 * canonical id, or, for an id past Discord's 100 characters, the exact title, which resolves too.
 */
export function paperChoice(paper: Pick<Paper, 'id' | 'title'>): AutocompleteChoice {
  const title = collapseWhitespace(paper.title);
  return { name: title, value: paper.id.length <= MAX_ID_VALUE ? paper.id : title };
}
